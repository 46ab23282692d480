import { Migration } from '@mikro-orm/migrations';

export class Migration20261201130057_session_transport extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`sessions\` add column \`previous_token_hash\` text null;`);
    this.addSql(`alter table \`sessions\` add column \`rotated_at\` datetime null;`);
    this.addSql(`alter table \`sessions\` add column \`refresh_token_transport\` text not null default 'BODY';`);
    this.addSql(`alter table \`sessions\` add column \`authenticated_at\` datetime null;`);
    // Sessions opened before this migration: the sign-in was when the session began.
    this.addSql(`update \`sessions\` set \`authenticated_at\` = \`created_at\`;`);
  }

}
