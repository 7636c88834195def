--liquibase formatted sql

--changeset corebank:010-payees-soft-delete splitStatements:false
-- A customer deletes a payee by marking it deleted, never by removing the row: its bill
-- payments keep naming it (and settlement files its reference), and the audit trail's
-- payments.payee.delete event points at a row that still exists. A deleted payee is no longer
-- listed or payable; the same biller and reference can be saved again as a new payee, so the
-- uniqueness holds only among the live ones. The runtime role may set deleted_at and nothing else.
ALTER TABLE payees ADD COLUMN deleted_at timestamptz;
ALTER TABLE payees DROP CONSTRAINT payees_customer_ref_biller_id_reference_key;
CREATE UNIQUE INDEX payees_live_reference ON payees (customer_ref, biller_id, reference) WHERE deleted_at IS NULL;
GRANT UPDATE (deleted_at) ON payees TO corebank_app;
