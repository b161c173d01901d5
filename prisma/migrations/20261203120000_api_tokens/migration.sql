-- R22: personal API tokens. Keyed by their own id (a per-person table, not owned by a contract);
-- on Citus it stays LOCAL to the coordinator like "RevokedSession" (src/server/db/distribute.ts).

-- CreateEnum
CREATE TYPE "ApiTokenScope" AS ENUM ('read', 'write');

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scope" "ApiTokenScope" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id"),
    -- R22: only a hash is stored, never the token: a hex SHA-256 is 64 lowercase hex digits, which
    -- no "tr_…" token is, so a bug that stored the token itself fails here instead of leaking.
    CONSTRAINT "ApiToken_tokenHash_is_sha256" CHECK ("tokenHash" ~ '^[0-9a-f]{64}$'),
    -- R22: a token expires at most one year after it was made (the API checks the calendar year;
    -- 366 days leaves room for a leap day).
    CONSTRAINT "ApiToken_expiry_within_a_year" CHECK ("expiresAt" > "createdAt" AND "expiresAt" <= "createdAt" + interval '366 days')
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_createdAt_idx" ON "ApiToken"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
