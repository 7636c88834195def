package corebank.identity.mfa;

import corebank.identity.IdentitySettings;

/**
 * Prints the current TOTP code of a Base32 secret, for trying the API by hand where no
 * authenticator app or oathtool is at hand: {@code mvn -q compile exec:exec@totp -Dtotp.secret=BASE32}.
 */
public final class TotpCode {

    private TotpCode() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("usage: TotpCode <base32 secret>");
            System.exit(2);
        }
        Totp totp = new Totp(IdentitySettings.defaults());
        System.out.println(totp.code(TotpSecret.fromBase32(args[0].trim()), System.currentTimeMillis() / 1000));
    }
}
