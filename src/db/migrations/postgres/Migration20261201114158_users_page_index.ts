import { Migration } from '@mikro-orm/migrations';

export class Migration20261201114158_users_page_index extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "users_created_at_index";`);

    this.addSql(`create index "users_created_at_id_index" on "users" ("created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "users_created_at_id_index";`);

    this.addSql(`create index "users_created_at_index" on "users" ("created_at");`);
  }

}
