package corebank.payments;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.Join;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
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
 * statement, a join). SELECT and INSERT only, like the runtime role; joins the transaction of
 * the {@link corebank.platform.TransactionRunner} work it is called in, as {@link BillerRepository}.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface PayeeRepository extends GenericRepository<PayeeRepository.PayeeRow, UUID> {

    PayeeRow save(PayeeRow payee);

    @Join("biller")
    Optional<PayeeRow> findById(UUID id);

    @Join("biller")
    Optional<PayeeRow> findByCustomerRefAndBillerIdAndReference(String customerRef, UUID billerId, String reference);

    @Join("biller")
    List<PayeeRow> findByCustomerRefOrderByCreatedAt(String customerRef);

    /** A row of {@code payees}. */
    @MappedEntity("payees")
    record PayeeRow(@Id UUID id, String customerRef,
                    @Relation(Relation.Kind.MANY_TO_ONE) @MappedProperty("biller_id") BillerRef biller,
                    String reference, String nickname, Instant createdAt) {

        PaymentsModel.Payee toModel() {
            return new PaymentsModel.Payee(id, customerRef, biller.code(), biller.name(), reference, nickname, createdAt);
        }
    }

    /** The biller of a payee: only what a payee shows of it (the whole row is {@link BillerRepository.BillerRow}). */
    @MappedEntity("billers")
    record BillerRef(@Id UUID id, String code, String name) {

        static BillerRef of(PaymentsModel.Biller biller) {
            return new BillerRef(biller.id(), biller.code(), biller.name());
        }
    }
}
