package corebank.payments;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Bill-payment settings; the defaults are written once, in {@code application.yml}. The
 * scheduler's and the settlement job's pauses ({@code corebank.payments.scheduler-interval},
 * {@code settlement-interval} and their initial delays) are read by their {@code @Scheduled}
 * annotations, not through this record.
 *
 * @param zone           the bank's time zone: what "today" and the cut-off mean
 * @param cutOff         daily settlement cut-off; payments executed after it belong to the next business date
 * @param claimBatchMax  payments one scheduler run claims at once
 */
@ConfigurationProperties("corebank.payments")
public record PaymentsSettings(String zone, String cutOff, int claimBatchMax) {
    public PaymentsSettings {
        if (claimBatchMax < 1) {
            throw new IllegalArgumentException("corebank.payments: bad bounds " + this);
        }
        // fail at start, not at the first payment
        ZoneId.of(zone);
        LocalTime.parse(cutOff);
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    public LocalTime cutOffTime() {
        return LocalTime.parse(cutOff);
    }
}
