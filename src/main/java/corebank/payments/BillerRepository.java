package corebank.payments;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.Join;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.Relation;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code billers} table through Micronaut Data: the statements are generated from the
 * method names, so nothing here is hand-written SQL. Only what the runtime role may do (SELECT
 * and INSERT, see db/changes/007-payments.sql): no update, no delete. Called inside a
 * {@link corebank.platform.TransactionRunner} work, a method runs on that work's connection and
 * transaction; outside one, on a connection of its own, as a single statement.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface BillerRepository extends GenericRepository<BillerRepository.BillerRow, UUID> {

    BillerRow save(BillerRow biller);

    @Join("clearingAccount")
    @Join("settlementAccount")
    Optional<BillerRow> findByCode(String code);

    @Join("clearingAccount")
    @Join("settlementAccount")
    List<BillerRow> listOrderByCode();

    /**
     * A page of the directory by code, after {@code afterCode} (the first page after ""):
     * billers whose code or name contains {@code query} (lower case; every biller when empty).
     */
    @Join("clearingAccount")
    @Join("settlementAccount")
    @Query("""
            SELECT b.*, c.number AS clearing_account_number, s.number AS settlement_account_number
              FROM billers b JOIN accounts c ON c.id = b.clearing_account_id JOIN accounts s ON s.id = b.settlement_account_id
             WHERE b.code > :afterCode
               AND (:query = '' OR strpos(lower(b.code), :query) > 0 OR strpos(lower(b.name), :query) > 0)
             ORDER BY b.code LIMIT :limit""")
    List<BillerRow> page(String query, String afterCode, int limit);

    /** A row of {@code billers}; its accounts are the ledger's, of which only id and number are read. */
    @MappedEntity("billers")
    record BillerRow(@Id UUID id, String code, String name, String currency,
                     @Relation(Relation.Kind.MANY_TO_ONE) @MappedProperty("clearing_account_id") AccountRef clearingAccount,
                     @Relation(Relation.Kind.MANY_TO_ONE) @MappedProperty("settlement_account_id") AccountRef settlementAccount,
                     String creditorAccount, String referencePattern, String checkDigit, Instant createdAt) {

        PaymentsModel.Biller toModel() {
            return new PaymentsModel.Biller(id, code, name, currency.trim(), clearingAccount.number(),
                    settlementAccount.number(), creditorAccount, referencePattern, checkDigit, createdAt);
        }
    }

    /**
     * A ledger account as a biller row refers to it. Read-only here (only joined, never saved:
     * the ledger opens accounts); {@code number} is null when the account was not joined.
     */
    @MappedEntity("accounts")
    record AccountRef(@Id Long id, @Nullable String number) {
    }
}
