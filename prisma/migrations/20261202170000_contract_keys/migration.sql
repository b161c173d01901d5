-- Every table a contract owns is keyed by ("contractId", "id") and points at the contract (and at
-- its milestones) through "contractId", so the contract can be the shard key of a distributed
-- PostgreSQL (Citus requires the distribution column in every primary/unique key and foreign key
-- between distributed tables, and refuses ON UPDATE CASCADE). Ids never change, so NO ACTION on
-- update loses nothing. Rows are kept: keys are swapped in place.

-- Foreign keys that depend on the keys being replaced, or that cascade updates.
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_milestoneId_fkey";
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_contractId_fkey";
ALTER TABLE "Milestone" DROP CONSTRAINT "Milestone_contractId_fkey";
ALTER TABLE "ChangeRequest" DROP CONSTRAINT "ChangeRequest_contractId_fkey";
ALTER TABLE "ChangeRequest" DROP CONSTRAINT "ChangeRequest_authorId_fkey";
ALTER TABLE "ActivityEvent" DROP CONSTRAINT "ActivityEvent_contractId_fkey";
ALTER TABLE "ActivityEvent" DROP CONSTRAINT "ActivityEvent_actorId_fkey";
ALTER TABLE "Review" DROP CONSTRAINT "Review_contractId_fkey";
ALTER TABLE "Review" DROP CONSTRAINT "Review_authorId_fkey";
ALTER TABLE "Contract" DROP CONSTRAINT "Contract_clientId_fkey";
ALTER TABLE "Contract" DROP CONSTRAINT "Contract_expertId_fkey";
ALTER TABLE "IdempotencyKey" DROP CONSTRAINT "IdempotencyKey_userId_fkey";

-- Primary keys with the contract first.
ALTER TABLE "Milestone" DROP CONSTRAINT "Milestone_pkey", ADD CONSTRAINT "Milestone_pkey" PRIMARY KEY ("contractId", "id");
ALTER TABLE "ChangeRequest" DROP CONSTRAINT "ChangeRequest_pkey", ADD CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("contractId", "id");
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_pkey", ADD CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("contractId", "id");
ALTER TABLE "ActivityEvent" DROP CONSTRAINT "ActivityEvent_pkey", ADD CONSTRAINT "ActivityEvent_pkey" PRIMARY KEY ("contractId", "id");
ALTER TABLE "Review" DROP CONSTRAINT "Review_pkey", ADD CONSTRAINT "Review_pkey" PRIMARY KEY ("contractId", "id");
-- The primary key now leads with "contractId": the separate index is redundant.
DROP INDEX "LedgerEntry_contractId_idx";

-- Idempotency keys belong to the contract their command ran on (R13: fund, release and close are
-- all contract commands). Existing rows take it from the answer they stored, which is that contract.
ALTER TABLE "IdempotencyKey" ADD COLUMN "contractId" TEXT;
UPDATE "IdempotencyKey" SET "contractId" = ("responseBody"::jsonb ->> 'id');
DELETE FROM "IdempotencyKey" k WHERE NOT EXISTS (SELECT 1 FROM "Contract" c WHERE c."id" = k."contractId");
ALTER TABLE "IdempotencyKey" ALTER COLUMN "contractId" SET NOT NULL;
ALTER TABLE "IdempotencyKey" DROP CONSTRAINT "IdempotencyKey_pkey", ADD CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("contractId", "id");
DROP INDEX "IdempotencyKey_userId_endpoint_key_key";
CREATE UNIQUE INDEX "IdempotencyKey_contractId_userId_endpoint_key_key" ON "IdempotencyKey"("contractId", "userId", "endpoint", "key");

-- Foreign keys again, through "contractId", never cascading updates.
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_contractId_milestoneId_fkey" FOREIGN KEY ("contractId", "milestoneId") REFERENCES "Milestone"("contractId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "ActivityEvent" ADD CONSTRAINT "ActivityEvent_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "ActivityEvent" ADD CONSTRAINT "ActivityEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "Review" ADD CONSTRAINT "Review_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Review" ADD CONSTRAINT "Review_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "IdempotencyKey" ADD CONSTRAINT "IdempotencyKey_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "IdempotencyKey" ADD CONSTRAINT "IdempotencyKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
