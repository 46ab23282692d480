import { Migration } from '@mikro-orm/migrations';

export class Migration20261201130057_session_transport extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "sessions" add column "previous_token_hash" varchar(64) null, add column "rotated_at" timestamptz null, add column "refresh_token_transport" varchar(8) not null default 'BODY', add column "authenticated_at" timestamptz null;`);
    // Sessions opened before this migration: the sign-in was when the session began.
    this.addSql(`update "sessions" set "authenticated_at" = "created_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sessions" drop column "previous_token_hash", drop column "rotated_at", drop column "refresh_token_transport", drop column "authenticated_at";`);
  }

}
