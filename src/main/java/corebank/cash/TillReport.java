package corebank.cash;

import corebank.cash.CashModel.Difference;
import corebank.cash.CashModel.Movement;
import corebank.cash.CashModel.Till;
import corebank.cash.CashModel.TillDay;
import corebank.ledger.Money;

import java.time.Instant;
import java.util.List;

/** A till day's report: the opening, every cash movement, the closing and the differences. */
public record TillReport(Till till, TillDay day, List<Movement> movements, Instant generatedAt) {

    /** A rendered report: its bytes, media type and download name. */
    public record Document(byte[] bytes, String contentType, String fileName) {
    }

    List<Difference> differences() {
        return day.differences();
    }

    long cashInMinor() {
        return movements.stream().mapToLong(Movement::signedMinor).filter(v -> v > 0).sum();
    }

    long cashOutMinor() {
        return -movements.stream().mapToLong(Movement::signedMinor).filter(v -> v < 0).sum();
    }

    String money(long minor) {
        return Money.format(minor, till.currency());
    }

    /** An amount as an exact decimal (a CSV number, unquoted, as in statements). */
    java.math.BigDecimal decimal(Long minor) {
        return minor == null ? null : Money.decimal(minor, till.currency());
    }

    String money(Long minor) {
        return minor == null ? null : money(minor.longValue());
    }

    String fileName(String extension) {
        return "till-" + till.id() + "-day-" + day.id() + "." + extension;
    }
}
