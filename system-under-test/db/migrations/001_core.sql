-- Core ledger schema. Money is BIGINT minor units everywhere; never numeric/float.

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL,
  password_hash text NOT NULL,
  display_name  text NOT NULL,
  phone_number  text,
  user_type     text NOT NULL DEFAULT 'personal' CHECK (user_type IN ('personal', 'business', 'system')),
  is_active     boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- One account per user per currency. House accounts (kind = 'house') issue money:
-- their balance is the negative of all money in circulation, so the sum of all
-- balances per currency is always exactly zero (conservation is checkable).
CREATE TABLE accounts (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id),
  currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  kind       text NOT NULL DEFAULT 'user' CHECK (kind IN ('user', 'house')),
  balance    bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, currency),
  CONSTRAINT accounts_balance_nonnegative CHECK (balance >= 0 OR kind = 'house')
);

CREATE TABLE payments (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sender_id       uuid NOT NULL REFERENCES users (id),
  recipient_id    uuid NOT NULL REFERENCES users (id),
  amount          bigint NOT NULL CHECK (amount > 0),
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  payment_type    text NOT NULL DEFAULT 'p2p',
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
  description     text,
  failure_reason  text,
  idempotency_key text,
  request_hash    text,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK (sender_id <> recipient_id)
);
CREATE UNIQUE INDEX payments_sender_idempotency_key ON payments (sender_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Double entry: per payment the entries sum to zero (-amount sender, +amount recipient).
CREATE TABLE ledger_entries (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_id uuid NOT NULL REFERENCES payments (id),
  account_id uuid NOT NULL REFERENCES accounts (id),
  amount     bigint NOT NULL CHECK (amount <> 0),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX ledger_entries_payment_id ON ledger_entries (payment_id);
CREATE INDEX ledger_entries_account_id ON ledger_entries (account_id, created_at);

-- Stored first response per (user, key): a replay returns exactly that status and body.
CREATE TABLE idempotency_keys (
  user_id      uuid NOT NULL REFERENCES users (id),
  key          text NOT NULL,
  request_hash text NOT NULL,
  status_code  integer,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

-- Which generator parameters produced the current data (fast warm start when unchanged).
CREATE TABLE seed_info (
  id          integer PRIMARY KEY CHECK (id = 1),
  users       integer NOT NULL,
  payments    integer NOT NULL,
  seed        integer NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);
