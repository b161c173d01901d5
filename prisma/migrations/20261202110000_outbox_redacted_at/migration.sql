-- AlterTable: sign-in emails lose their magic link once sent or expired (see src/server/mail/redact.ts).
ALTER TABLE "OutboxEmail" ADD COLUMN "redactedAt" TIMESTAMP(3);
