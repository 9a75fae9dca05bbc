-- Identity verification (issue 11): a real-name record is verified by the identity gateway
-- (name, ID number and mobile number belong together) or by a clerk at a counter. Until then
-- the account cannot act for the person it names (confirm as a partner, withdraw a divorce).
ALTER TABLE accounts ADD COLUMN verified_at BIGINT;
ALTER TABLE accounts ADD COLUMN verified_by TEXT CHECK (verified_by IN ('gateway', 'counter'));
