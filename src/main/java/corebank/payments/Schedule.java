package corebank.payments;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * When a bill payment falls due. ONCE on its start date; WEEKLY every 7 days from it; MONTHLY on
 * a day of the month, moved back to the month's last day where the month is shorter (the 31st
 * runs on 30 April, on 29 February in a leap year and on 28 February otherwise). A recurrence
 * ends after a number of occurrences or on an end date, whichever comes first.
 */
public record Schedule(Frequency frequency, LocalDate start, Integer dayOfMonth, LocalDate end, Integer occurrencesMax) {

    public enum Frequency { ONCE, WEEKLY, MONTHLY }

    /** The date of occurrence {@code sequence} (from 1), or empty if the schedule has ended by then. */
    public Optional<LocalDate> due(int sequence) {
        if (sequence < 1 || (occurrencesMax != null && sequence > occurrencesMax)
                || (frequency == Frequency.ONCE && sequence > 1)) {
            return Optional.empty();
        }
        LocalDate date = switch (frequency) {
            case ONCE -> start;
            case WEEKLY -> start.plusWeeks(sequence - 1L);
            case MONTHLY -> monthly(firstMonth().plusMonths(sequence - 1L));
        };
        return end != null && date.isAfter(end) ? Optional.empty() : Optional.of(date);
    }

    private YearMonth firstMonth() {
        YearMonth month = YearMonth.from(start);
        return monthly(month).isBefore(start) ? month.plusMonths(1) : month;
    }

    private LocalDate monthly(YearMonth month) {
        int day = dayOfMonth == null ? start.getDayOfMonth() : dayOfMonth;
        return month.atDay(Math.min(day, month.lengthOfMonth()));
    }
}
