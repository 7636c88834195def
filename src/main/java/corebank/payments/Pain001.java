package corebank.payments;

import corebank.ledger.Money;
import corebank.payments.PaymentsModel.Biller;
import corebank.payments.PaymentsModel.Settleable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;

/**
 * Writes an ISO 20022 pain.001.001.03 customer credit transfer initiation with the JDK's XML API:
 * one payment information block from the bank's settlement account to the biller, and one
 * transaction per bill payment, each carrying the customer's reference at the biller as
 * unstructured remittance information. The tests parse the file back with Prowide ISO 20022.
 */
final class Pain001 {

    static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

    private Pain001() {
    }

    static String write(String messageId, Instant createdAt, LocalDate executionDate, String bankName, String debtorAccount,
                        Biller biller, List<Settleable> payments, long controlSumMinor) {
        try {
            Currency currency = Currency.getInstance(biller.currency());
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element root = doc.createElementNS(NAMESPACE, "Document");
            doc.appendChild(root);
            Element init = child(doc, root, "CstmrCdtTrfInitn");
            Element header = child(doc, init, "GrpHdr");
            text(doc, header, "MsgId", messageId);
            text(doc, header, "CreDtTm", createdAt.toString().replaceFirst("\\.\\d+Z$", "Z").replace("Z", ""));
            text(doc, header, "NbOfTxs", Integer.toString(payments.size()));
            text(doc, header, "CtrlSum", Money.format(controlSumMinor, currency));
            text(doc, child(doc, header, "InitgPty"), "Nm", bankName);
            Element info = child(doc, init, "PmtInf");
            text(doc, info, "PmtInfId", messageId + "-1");
            text(doc, info, "PmtMtd", "TRF");
            text(doc, info, "NbOfTxs", Integer.toString(payments.size()));
            text(doc, info, "CtrlSum", Money.format(controlSumMinor, currency));
            text(doc, info, "ReqdExctnDt", executionDate.toString());
            text(doc, child(doc, info, "Dbtr"), "Nm", bankName);
            text(doc, child(doc, child(doc, child(doc, info, "DbtrAcct"), "Id"), "Othr"), "Id", debtorAccount);
            text(doc, child(doc, child(doc, child(doc, info, "DbtrAgt"), "FinInstnId"), "Othr"), "Id", "NOTPROVIDED");
            text(doc, info, "ChrgBr", "SLEV");
            for (Settleable p : payments) {
                Element tx = child(doc, info, "CdtTrfTxInf");
                text(doc, child(doc, tx, "PmtId"), "EndToEndId", p.occurrenceId().toString().replace("-", ""));
                Element amount = child(doc, child(doc, tx, "Amt"), "InstdAmt");
                amount.setAttribute("Ccy", biller.currency());
                amount.setTextContent(Money.format(p.amountMinor(), currency));
                text(doc, child(doc, tx, "Cdtr"), "Nm", biller.name());
                text(doc, child(doc, child(doc, child(doc, tx, "CdtrAcct"), "Id"), "Othr"), "Id", biller.creditorAccount());
                text(doc, child(doc, tx, "RmtInf"), "Ustrd", p.reference());
            }
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write pain.001", e);
        }
    }

    private static Element child(Document doc, Element parent, String name) {
        Element e = doc.createElementNS(NAMESPACE, name);
        parent.appendChild(e);
        return e;
    }

    private static void text(Document doc, Element parent, String name, String value) {
        child(doc, parent, name).setTextContent(value);
    }
}
