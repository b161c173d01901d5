-- Rate-limit counters need not survive a crash: an unlogged table writes no WAL, so the one upsert
-- that counts a request commits without waiting for a WAL flush, with no transaction around it.
-- Before, the counter's transaction held the caller's row lock across a round trip to the app (the
-- COMMIT after the upsert), and every concurrent write of one caller queued behind it. After a
-- crash the table starts empty (and a standby has none): every window starts over, which lets at
-- most one window's worth of requests more through.
ALTER TABLE "RateLimit" SET UNLOGGED;
