import { Migration } from '@mikro-orm/migrations';

export class Migration20261122055726_shop extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`products\` (\`id\` text not null, \`name\` text not null, \`description\` text null, \`price_cents\` integer not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`products_created_at_id_index\` on \`products\` (\`created_at\`, \`id\`);`);

    this.addSql(`create table \`cart_items\` (\`id\` text not null, \`user_id\` text not null, \`product_id\` text not null, \`quantity\` integer not null, \`created_at\` datetime not null, constraint \`cart_items_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`cart_items_product_id_foreign\` foreign key(\`product_id\`) references \`products\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`cart_items_user_id_index\` on \`cart_items\` (\`user_id\`);`);
    this.addSql(`create index \`cart_items_product_id_index\` on \`cart_items\` (\`product_id\`);`);
    this.addSql(`create unique index \`cart_items_user_id_product_id_unique\` on \`cart_items\` (\`user_id\`, \`product_id\`);`);

    this.addSql(`create table \`wishlist_items\` (\`id\` text not null, \`user_id\` text not null, \`product_id\` text not null, \`created_at\` datetime not null, constraint \`wishlist_items_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`wishlist_items_product_id_foreign\` foreign key(\`product_id\`) references \`products\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`wishlist_items_user_id_index\` on \`wishlist_items\` (\`user_id\`);`);
    this.addSql(`create index \`wishlist_items_product_id_index\` on \`wishlist_items\` (\`product_id\`);`);
    this.addSql(`create unique index \`wishlist_items_user_id_product_id_unique\` on \`wishlist_items\` (\`user_id\`, \`product_id\`);`);
  }

}
