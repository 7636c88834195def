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
 * The {@code payees} table through Micronaut Data, each payee read with its biller (one
 * statement, a join). SELECT and INSERT only (the runtime role may also set {@code deleted_at},
 * which {@link PaymentsStore#deletePayee} does); joins the transaction of
 * the {@link corebank.platform.TransactionRunner} work it is called in, as {@link BillerRepository}.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface PayeeRepository extends GenericRepository<PayeeRepository.PayeeRow, UUID> {

    PayeeRow save(PayeeRow payee);

    @Join("biller")
    Optional<PayeeRow> findById(UUID id);

    /** The live (not deleted) payee with this reference at this biller. */
    @Join("biller")
    Optional<PayeeRow> findByCustomerRefAndBillerIdAndReferenceAndDeletedAtIsNull(String customerRef, UUID billerId, String reference);

    /** The customer's live payees; deleted ones stay in the table for their payments and the audit trail. */
    @Join("biller")
    List<PayeeRow> findByCustomerRefAndDeletedAtIsNullOrderByCreatedAt(String customerRef);

    /**
     * A page of the customer's live payees in the order they were saved (creation time, then id),
     * after the payee at ({@code afterAt}, {@code afterId}); the first page starts after the epoch.
     */
    @Join("biller")
    @Query("""
            SELECT p.*, b.code AS biller_code, b.name AS biller_name, b.currency AS biller_currency
              FROM payees p JOIN billers b ON b.id = p.biller_id
             WHERE p.customer_ref = :customerRef AND p.deleted_at IS NULL AND (p.created_at, p.id) > (:afterAt, :afterId)
             ORDER BY p.created_at, p.id LIMIT :limit""")
    List<PayeeRow> page(String customerRef, Instant afterAt, UUID afterId, int limit);

    /** A row of {@code payees}. */
    @MappedEntity("payees")
    record PayeeRow(@Id UUID id, String customerRef,
                    @Relation(Relation.Kind.MANY_TO_ONE) @MappedProperty("biller_id") BillerRef biller,
                    String reference, String nickname, Instant createdAt, @Nullable Instant deletedAt) {

        boolean deleted() {
            return deletedAt != null;
        }

        PaymentsModel.Payee toModel() {
            return new PaymentsModel.Payee(id, customerRef, biller.code(), biller.name(), biller.currency().trim(), reference, nickname,
                    createdAt);
        }
    }

    /** The biller of a payee: only what a payee shows of it (the whole row is {@link BillerRepository.BillerRow}). */
    @MappedEntity("billers")
    record BillerRef(@Id UUID id, String code, String name, String currency) {

        static BillerRef of(PaymentsModel.Biller biller) {
            return new BillerRef(biller.id(), biller.code(), biller.name(), biller.currency());
        }
    }
}
