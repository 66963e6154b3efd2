-- Fraud analysis result per payment (0-100+; blocked at >= 70).
ALTER TABLE payments ADD COLUMN risk_score integer;
