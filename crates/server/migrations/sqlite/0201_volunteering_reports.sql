-- Volunteering, second part: hours a volunteer reports without check-in/out (pending until the
-- organiser decides; `reported` marks that version), certificate revocation (when, by whom,
-- why; the verify view says revoked with the date), and the language texts are sent in.
ALTER TABLE vol_records ADD COLUMN reported BIGINT NOT NULL DEFAULT 0;
ALTER TABLE vol_certificates ADD COLUMN revoked_on TEXT;
ALTER TABLE vol_certificates ADD COLUMN revoked_by BIGINT;
ALTER TABLE vol_certificates ADD COLUMN revoke_reason TEXT;
ALTER TABLE volunteers ADD COLUMN sms_lang TEXT NOT NULL DEFAULT 'zh';
