package corebank.identity.mfa;

/**
 * Prints the current TOTP code of a Base32 secret, for trying the API by hand where no
 * authenticator app or oathtool is at hand: {@code mvn -q compile exec:exec@totp -Dtotp.secret=BASE32}.
 * It computes what an authenticator app would (SHA1, 6 digits, 30 s: the engine's defaults too).
 */
public final class TotpCode {

    private TotpCode() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("usage: TotpCode <base32 secret>");
            System.exit(2);
        }
        Totp totp = Totp.authenticatorApp();
        System.out.println(totp.code(TotpSecret.fromBase32(args[0].trim()), System.currentTimeMillis() / 1000));
    }
}
