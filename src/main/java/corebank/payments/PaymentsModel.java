package corebank.payments;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The records of the payments feature. Amounts are minor units. */
public final class PaymentsModel {

    private PaymentsModel() {
    }

    public record Biller(UUID id, String code, String name, String currency, String clearingAccount,
                         String settlementAccount, String creditorAccount, String referencePattern, String checkDigit,
                         Instant createdAt) {
    }

    public record Payee(UUID id, String customerRef, String billerCode, String billerName, String currency, String reference,
                        String nickname, Instant createdAt) {
    }

    public record BillPayment(UUID id, String customerRef, UUID payeeId, String fromAccount, long amountMinor,
                              String currency, String memo, Schedule schedule, int nextSequence, LocalDate nextDueDate,
                              BillPaymentStatus status, Instant createdAt, String requestHash, List<Occurrence> occurrences) {
    }

    public record Occurrence(UUID id, UUID paymentId, int sequence, LocalDate dueDate, long amountMinor, String currency,
                             OccurrenceStatus status, UUID entryId, String failureCode, String failureReason, Instant finishedAt,
                             LocalDate businessDate) {
    }

    public record SettlementRun(UUID id, String billerCode, LocalDate businessDate, UUID entryId, int paymentCount,
                                long controlSumMinor, String currency, String messageId, String actor, Instant createdAt) {
    }

    /** A succeeded occurrence to settle, with what the credit-transfer file names. */
    public record Settleable(UUID occurrenceId, long amountMinor, String reference, String customerRef) {
    }
}
