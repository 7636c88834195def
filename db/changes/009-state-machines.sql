--liquibase formatted sql

--changeset corebank:009-state-machines splitStatements:false
-- Every lifecycle is a state machine enforced twice: in Java by its enum (platform.Lifecycle:
-- AccountStatus, BillPaymentStatus, OccurrenceStatus, UserStatus) and here, by the CHECK on each
-- status column (001, 003, 007: exactly the enum's states) and by a trigger that refuses every
-- move the enum refuses. A trigger's arguments are the allowed moves, 'FROM->TO'. Staying in a
-- state is not a move: the trigger fires only when status changes, so updates of other columns
-- and the balance updates of the write path (which never set status) do not call it. Holds keep
-- their own trigger (001), which also freezes a resolved hold. StateMachinesDatabaseTest tries
-- every pair of states against both layers. ApprovalStatus gets its trigger with its table.
CREATE FUNCTION refuse_illegal_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (OLD.status || '->' || NEW.status = ANY (TG_ARGV)) THEN
        RAISE EXCEPTION '% % cannot move from % to %', TG_TABLE_NAME, OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'CB004';
    END IF;
    RETURN NEW;
END $$;

-- ACTIVE -> FROZEN -> ACTIVE, and ACTIVE | FROZEN -> CLOSED (final).
CREATE TRIGGER accounts_lifecycle BEFORE UPDATE OF status ON accounts
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION refuse_illegal_transition('ACTIVE->FROZEN', 'ACTIVE->CLOSED', 'FROZEN->ACTIVE', 'FROZEN->CLOSED');

-- ACTIVE -> COMPLETED | CANCELLED (both final).
CREATE TRIGGER bill_payments_lifecycle BEFORE UPDATE OF status ON bill_payments
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION refuse_illegal_transition('ACTIVE->COMPLETED', 'ACTIVE->CANCELLED');

-- RUNNING -> SUCCEEDED | FAILED (both final).
CREATE TRIGGER payment_occurrences_lifecycle BEFORE UPDATE OF status ON payment_occurrences
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION refuse_illegal_transition('RUNNING->SUCCEEDED', 'RUNNING->FAILED');

-- ACTIVE <-> DISABLED.
CREATE TRIGGER users_lifecycle BEFORE UPDATE OF status ON users
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION refuse_illegal_transition('ACTIVE->DISABLED', 'DISABLED->ACTIVE');
