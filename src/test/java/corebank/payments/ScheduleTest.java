package corebank.payments;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleTest {

    private static List<LocalDate> all(Schedule s) {
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 1; ; i++) {
            Optional<LocalDate> d = s.due(i);
            if (d.isEmpty()) {
                return dates;
            }
            dates.add(d.get());
        }
    }

    @Test
    void monthlyOnThe31stRunsOnTheLastDayOfShorterMonths() {
        Schedule s = new Schedule(Schedule.Frequency.MONTHLY, LocalDate.of(2027, 1, 31), 31, null, 6);
        assertThat(all(s)).containsExactly(LocalDate.of(2027, 1, 31), LocalDate.of(2027, 2, 28), LocalDate.of(2027, 3, 31),
                LocalDate.of(2027, 4, 30), LocalDate.of(2027, 5, 31), LocalDate.of(2027, 6, 30));
    }

    @Test
    void februaryIs29thInLeapYearsAnd28thOtherwise() {
        Schedule leap = new Schedule(Schedule.Frequency.MONTHLY, LocalDate.of(2028, 1, 30), 30, null, 2);
        assertThat(all(leap)).containsExactly(LocalDate.of(2028, 1, 30), LocalDate.of(2028, 2, 29));
        Schedule plain = new Schedule(Schedule.Frequency.MONTHLY, LocalDate.of(2027, 1, 29), 29, null, 2);
        assertThat(all(plain)).containsExactly(LocalDate.of(2027, 1, 29), LocalDate.of(2027, 2, 28));
        Schedule century = new Schedule(Schedule.Frequency.MONTHLY, LocalDate.of(2100, 1, 31), 31, null, 2);
        assertThat(all(century).get(1)).as("2100 is not a leap year").isEqualTo(LocalDate.of(2100, 2, 28));
        Schedule y2000 = new Schedule(Schedule.Frequency.MONTHLY, LocalDate.of(2000, 1, 31), 31, null, 2);
        assertThat(all(y2000).get(1)).as("2000 is").isEqualTo(LocalDate.of(2000, 2, 29));
    }

    @Test
    void monthlyStartsNextMonthWhenTheDayHasPassed() {
        Schedule s = new Schedule(Schedule.Frequency.MONTHLY, LocalDate.of(2027, 3, 20), 5, null, 2);
        assertThat(all(s)).containsExactly(LocalDate.of(2027, 4, 5), LocalDate.of(2027, 5, 5));
    }

    @Test
    void weeklyStopsAtTheEndDateOrCountWhicheverComesFirst() {
        Schedule byDate = new Schedule(Schedule.Frequency.WEEKLY, LocalDate.of(2027, 1, 1), null, LocalDate.of(2027, 1, 22), 10);
        assertThat(all(byDate)).containsExactly(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 8), LocalDate.of(2027, 1, 15),
                LocalDate.of(2027, 1, 22));
        Schedule byCount = new Schedule(Schedule.Frequency.WEEKLY, LocalDate.of(2027, 1, 1), null, LocalDate.of(2028, 1, 1), 2);
        assertThat(all(byCount)).hasSize(2);
    }

    @Test
    void onceRunsOnceAndAScheduleEndingBeforeItStartsNeverRuns() {
        assertThat(all(new Schedule(Schedule.Frequency.ONCE, LocalDate.of(2027, 1, 1), null, null, null)))
                .containsExactly(LocalDate.of(2027, 1, 1));
        assertThat(new Schedule(Schedule.Frequency.WEEKLY, LocalDate.of(2027, 1, 10), null, LocalDate.of(2027, 1, 9), null).due(1)).isEmpty();
        assertThat(new Schedule(Schedule.Frequency.MONTHLY, LocalDate.of(2027, 1, 20), 10, LocalDate.of(2027, 2, 5), null).due(1)).isEmpty();
    }

    @Test
    void checksReferenceCheckDigits() {
        assertThat(References.valid("79927398713", "[0-9]{11}", "MOD10")).isTrue();
        assertThat(References.valid("79927398710", "[0-9]{11}", "MOD10")).isFalse();
        assertThat(References.valid("123456789012", "[0-9]{12}", "MOD97")).isFalse();
        assertThat(References.valid("100000000093", "[0-9]{12}", "MOD97")).as("same scheme as account numbers").isTrue();
        assertThat(References.valid("ABC-1", "[A-Z]{3}-[0-9]", "NONE")).isTrue();
        assertThat(References.valid("ABC-12", "[A-Z]{3}-[0-9]", "NONE")).isFalse();
    }
}
