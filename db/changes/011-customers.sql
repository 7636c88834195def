--liquibase formatted sql

--changeset corebank:011-customers splitStatements:false
-- Customers as records (corebank.customers owns the table). A customer's customer_ref
-- ('customer:<id>') stays the join key of the ledger and identity: accounts.owner_ref and
-- users.customer_ref keep their text, and the database now refuses one that names no customer
-- (foreign keys below). The customer number is what people read and type: 'C', seven digits
-- from a sequence and two ISO 7064 MOD 97-10 check digits (the account numbers' scheme), e.g.
-- C100000195. search_name is the legal name lower-cased without accents (Java writes it,
-- customers.CustomerName), document_number is stored upper-case without spaces or dashes.
CREATE SEQUENCE customer_number_seq START WITH 1000000 MAXVALUE 9999999;

CREATE TABLE customers (
    id                   uuid        PRIMARY KEY,
    number               varchar(10) NOT NULL UNIQUE CHECK (number ~ '^C[0-9]{9}$'),
    customer_ref         text        NOT NULL UNIQUE CHECK (customer_ref LIKE 'customer:_%'),
    legal_name           text        NOT NULL CHECK (length(legal_name) BETWEEN 1 AND 200),
    search_name          text        NOT NULL,
    birth_date           date,
    address_lines        text[],
    postcode             text,
    city                 text,
    country              char(2)     CHECK (country ~ '^[A-Z]{2}$'),
    email                text,
    phone                text        CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    document_type        text        CHECK (document_type IN ('PASSPORT', 'ID_CARD', 'DRIVING_LICENCE')),
    document_number      text        CHECK (document_number ~ '^[A-Z0-9]{4,20}$'),
    document_country     char(2)     CHECK (document_country ~ '^[A-Z]{2}$'),
    document_expires_on  date,
    kyc_status           text        NOT NULL CHECK (kyc_status IN ('PENDING', 'VERIFIED', 'REJECTED')),
    risk_rating          text        NOT NULL CHECK (risk_rating IN ('LOW', 'MEDIUM', 'HIGH')),
    -- true for a row this changeset made from a reference that existed before customers did:
    -- its personal data is still to be taken (and it cannot be VERIFIED until it is)
    migrated             boolean     NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    CONSTRAINT customers_complete_unless_migrated CHECK (migrated OR (birth_date IS NOT NULL
        AND address_lines IS NOT NULL AND postcode IS NOT NULL AND city IS NOT NULL AND country IS NOT NULL
        AND email IS NOT NULL AND phone IS NOT NULL AND document_type IS NOT NULL AND document_number IS NOT NULL
        AND document_country IS NOT NULL AND document_expires_on IS NOT NULL)),
    CONSTRAINT customers_verified_is_complete CHECK (kyc_status <> 'VERIFIED' OR (birth_date IS NOT NULL
        AND document_number IS NOT NULL AND document_expires_on IS NOT NULL))
);
CREATE INDEX customers_search_name ON customers (search_name text_pattern_ops);
CREATE INDEX customers_document ON customers (document_number) WHERE document_number IS NOT NULL;

-- KYC: PENDING -> VERIFIED | REJECTED; VERIFIED -> PENDING (a review, e.g. a new document);
-- REJECTED -> PENDING (resubmission). customers.KycStatus refuses the same moves.
CREATE FUNCTION customers_refuse_illegal_kyc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (OLD.kyc_status || '->' || NEW.kyc_status = ANY (TG_ARGV)) THEN
        RAISE EXCEPTION 'customer % cannot move from % to %', OLD.number, OLD.kyc_status, NEW.kyc_status
            USING ERRCODE = 'CB004';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER customers_kyc_lifecycle BEFORE UPDATE OF kyc_status ON customers
    FOR EACH ROW WHEN (OLD.kyc_status IS DISTINCT FROM NEW.kyc_status)
    EXECUTE FUNCTION customers_refuse_illegal_kyc('PENDING->VERIFIED', 'PENDING->REJECTED', 'VERIFIED->PENDING',
        'REJECTED->PENDING');

-- Onboarding requests by Idempotency-Key (customers.Onboarding): the first result, answered
-- again to a replay. The enrollment token is sealed (AES-256-GCM, identity's SecretBox key).
CREATE TABLE onboardings (
    scope                  text        NOT NULL,
    idempotency_key        text        NOT NULL,
    request_hash           text        NOT NULL,
    customer_id            uuid        NOT NULL REFERENCES customers (id),
    account_number         varchar(12) NOT NULL,
    username               text        NOT NULL,
    enrollment_token_enc   text        NOT NULL,
    enrollment_expires_at  timestamptz NOT NULL,
    created_at             timestamptz NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);

-- Existing data: a customer deposit without a customer owner gets one of its own, then every
-- customer reference in use becomes a (migrated, PENDING) customer, named after its reference.
UPDATE accounts SET owner_ref = 'customer:unassigned-' || number
 WHERE kind = 'CUSTOMER_DEPOSIT' AND (owner_ref IS NULL OR owner_ref NOT LIKE 'customer:_%');
INSERT INTO customers (id, number, customer_ref, legal_name, search_name, kyc_status, risk_rating, migrated,
                       created_at, updated_at)
SELECT gen_random_uuid(), 'C' || n::text || lpad((98 - (n::numeric * 100 % 97))::int::text, 2, '0'),
       ref, left(substr(ref, 10), 200), lower(left(substr(ref, 10), 200)), 'PENDING', 'HIGH', true, now(), now()
  FROM (SELECT ref, nextval('customer_number_seq') AS n
          FROM (SELECT owner_ref AS ref FROM accounts WHERE owner_ref LIKE 'customer:_%'
                UNION SELECT customer_ref FROM users WHERE customer_ref IS NOT NULL) refs
         ORDER BY ref) numbered;

-- An account's owner, when it is a customer, must be one: a stored generated column holds the
-- customer references alone (bank-internal owners such as 'bank:corebank' stay free text) and
-- carries the foreign key. A customer deposit must have a customer owner, and a product.
ALTER TABLE accounts ADD COLUMN customer_ref text
    GENERATED ALWAYS AS (CASE WHEN owner_ref LIKE 'customer:%' THEN owner_ref END) STORED
    REFERENCES customers (customer_ref);
ALTER TABLE accounts ADD COLUMN product text CHECK (product IN ('CURRENT', 'SAVINGS'));
UPDATE accounts SET product = 'CURRENT' WHERE kind = 'CUSTOMER_DEPOSIT';
ALTER TABLE accounts ADD CONSTRAINT accounts_deposit_has_customer
    CHECK (kind <> 'CUSTOMER_DEPOSIT' OR customer_ref IS NOT NULL);
ALTER TABLE accounts ADD CONSTRAINT accounts_product_of_deposits
    CHECK ((kind = 'CUSTOMER_DEPOSIT') = (product IS NOT NULL));
CREATE INDEX accounts_customer ON accounts (customer_ref) WHERE customer_ref IS NOT NULL;

ALTER TABLE users ADD CONSTRAINT users_customer_exists FOREIGN KEY (customer_ref) REFERENCES customers (customer_ref);

GRANT SELECT, INSERT ON customers, onboardings TO corebank_app;
GRANT UPDATE (legal_name, search_name, birth_date, address_lines, postcode, city, country, email, phone, document_type,
              document_number, document_country, document_expires_on, kyc_status, risk_rating, updated_at)
    ON customers TO corebank_app;
GRANT USAGE, SELECT ON customer_number_seq TO corebank_app;
