-- Name order is byte order on both engines (issue 10, search speed): a pinyin search sorts
-- its page in SQL, and the database's locale (zh_CN.UTF-8 or en_US.UTF-8 ignore spaces, so
-- `ci shan` and `cis...` sort differently) must not change which organisations a page holds.
-- SQLite compares text bytewise already. The index on (name_pinyin, credit_code) is rebuilt.
ALTER TABLE charities ALTER COLUMN name_pinyin TYPE TEXT COLLATE "C";
