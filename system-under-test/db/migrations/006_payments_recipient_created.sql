-- WebSocket initial_data reads a user's 10 latest payments, sent or received: the sent
-- side uses idx_payments_sender_created, this is its mirror for the received side.
CREATE INDEX idx_payments_recipient_created
ON payments (recipient_id, created_at DESC, id DESC);
