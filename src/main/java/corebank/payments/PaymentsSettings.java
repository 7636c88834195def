package corebank.payments;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * @param zone           the bank's time zone: what "today" and the cut-off mean
 * @param cutOff         daily settlement cut-off; payments executed after it belong to the next business date
 * @param claimBatchMax  payments one scheduler run claims at once
 */
@ConfigurationProperties("corebank.payments")
public record PaymentsSettings(@Nullable String zone, @Nullable String cutOff, @Nullable Integer claimBatchMax) {
    public PaymentsSettings {
        zone = zone == null ? "UTC" : zone;
        cutOff = cutOff == null ? "18:00" : cutOff;
        claimBatchMax = claimBatchMax == null ? 200 : claimBatchMax;
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    public LocalTime cutOffTime() {
        return LocalTime.parse(cutOff);
    }
}
