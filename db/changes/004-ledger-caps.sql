--liquibase formatted sql

--changeset corebank:004-account-total-caps
-- The cap the Java code keeps (Money.TOTAL_MAX_MINOR = 2^61) enforced by the database too, so
-- that every sum the limit constraints form stays inside a bigint.
ALTER TABLE accounts ADD CONSTRAINT accounts_totals_capped CHECK (
    debits_posted <= 2305843009213693952 AND credits_posted <= 2305843009213693952
    AND debits_pending <= 2305843009213693952 AND credits_pending <= 2305843009213693952);
