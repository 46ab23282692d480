import { Migration } from '@mikro-orm/migrations';

export class Migration20261201115948_live_sessions_index extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index \`sessions_user_id_revoked_at_last_used_at_index\` on \`sessions\` (\`user_id\`, \`revoked_at\`, \`last_used_at\`);`);
  }

}
