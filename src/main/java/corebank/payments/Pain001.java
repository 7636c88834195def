package corebank.payments;

import com.prowidesoftware.swift.model.mx.MinimumEscapeHandler;
import com.prowidesoftware.swift.model.mx.MxPain00100103;
import com.prowidesoftware.swift.model.mx.MxWriteConfiguration;
import com.prowidesoftware.swift.model.mx.dic.AccountIdentification4Choice;
import com.prowidesoftware.swift.model.mx.dic.ActiveOrHistoricCurrencyAndAmount;
import com.prowidesoftware.swift.model.mx.dic.AmountType3Choice;
import com.prowidesoftware.swift.model.mx.dic.BranchAndFinancialInstitutionIdentification4;
import com.prowidesoftware.swift.model.mx.dic.CashAccount16;
import com.prowidesoftware.swift.model.mx.dic.ChargeBearerType1Code;
import com.prowidesoftware.swift.model.mx.dic.CreditTransferTransactionInformation10;
import com.prowidesoftware.swift.model.mx.dic.CustomerCreditTransferInitiationV03;
import com.prowidesoftware.swift.model.mx.dic.FinancialInstitutionIdentification7;
import com.prowidesoftware.swift.model.mx.dic.GenericAccountIdentification1;
import com.prowidesoftware.swift.model.mx.dic.GenericFinancialIdentification1;
import com.prowidesoftware.swift.model.mx.dic.GroupHeader32;
import com.prowidesoftware.swift.model.mx.dic.PartyIdentification32;
import com.prowidesoftware.swift.model.mx.dic.PaymentIdentification1;
import com.prowidesoftware.swift.model.mx.dic.PaymentInstructionInformation3;
import com.prowidesoftware.swift.model.mx.dic.PaymentMethod3Code;
import com.prowidesoftware.swift.model.mx.dic.RemittanceInformation5;
import corebank.ledger.Money;
import corebank.payments.PaymentsModel.Biller;
import corebank.payments.PaymentsModel.Settleable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;

/**
 * An ISO 20022 pain.001.001.03 customer credit transfer initiation, built with Prowide's model of
 * the message (element order, names and namespace come from the standard's schema): one payment
 * information block from the bank's settlement account to the biller, and one transaction per
 * bill payment, each carrying the customer's reference at the biller as unstructured remittance
 * information.
 */
final class Pain001 {

    static final String NAMESPACE = MxPain00100103.NAMESPACE;

    private Pain001() {
    }

    static String write(String messageId, Instant createdAt, LocalDate executionDate, String bankName, String debtorAccount,
                        Biller biller, List<Settleable> payments, long controlSumMinor) {
        Currency currency = Currency.getInstance(biller.currency());
        String count = Integer.toString(payments.size());
        BigDecimal controlSum = Money.decimal(controlSumMinor, currency);
        PaymentInstructionInformation3 info = new PaymentInstructionInformation3()
                .setPmtInfId(messageId + "-1")
                .setPmtMtd(PaymentMethod3Code.TRF)
                .setNbOfTxs(count)
                .setCtrlSum(controlSum)
                .setReqdExctnDt(executionDate)
                .setDbtr(new PartyIdentification32().setNm(bankName))
                .setDbtrAcct(account(debtorAccount))
                .setDbtrAgt(new BranchAndFinancialInstitutionIdentification4().setFinInstnId(new FinancialInstitutionIdentification7()
                        .setOthr(new GenericFinancialIdentification1().setId("NOTPROVIDED"))))
                .setChrgBr(ChargeBearerType1Code.SLEV);
        for (Settleable p : payments) {
            info.addCdtTrfTxInf(new CreditTransferTransactionInformation10()
                    .setPmtId(new PaymentIdentification1().setEndToEndId(p.occurrenceId().toString().replace("-", "")))
                    .setAmt(new AmountType3Choice().setInstdAmt(new ActiveOrHistoricCurrencyAndAmount()
                            .setCcy(biller.currency()).setValue(Money.decimal(p.amountMinor(), currency))))
                    .setCdtr(new PartyIdentification32().setNm(biller.name()))
                    .setCdtrAcct(account(biller.creditorAccount()))
                    .setRmtInf(new RemittanceInformation5().addUstrd(p.reference())));
        }
        GroupHeader32 header = new GroupHeader32()
                .setMsgId(messageId)
                // whole seconds in UTC, as before the move to Prowide
                .setCreDtTm(createdAt.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC))
                .setNbOfTxs(count)
                .setCtrlSum(controlSum)
                .setInitgPty(new PartyIdentification32().setNm(bankName));
        MxPain00100103 message = new MxPain00100103().setCstmrCdtTrfInitn(
                new CustomerCreditTransferInitiationV03().setGrpHdr(header).addPmtInf(info));
        return message.message(writeConfiguration());
    }

    /**
     * The Document alone (no business application header), in the default namespace, UTF-8 text
     * as it is (Prowide's default writes every non-ASCII character as a numeric reference).
     */
    private static MxWriteConfiguration writeConfiguration() {
        MxWriteConfiguration config = new MxWriteConfiguration();
        config.documentPrefix = null;
        config.includeXMLDeclaration = true;
        config.escapeHandler = new MinimumEscapeHandler();
        return config;
    }

    private static CashAccount16 account(String id) {
        return new CashAccount16().setId(new AccountIdentification4Choice().setOthr(new GenericAccountIdentification1().setId(id)));
    }
}
