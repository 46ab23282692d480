/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation ChangeEmail($newEmail: String!, $currentPassword: String!) {\n    changeEmail(newEmail: $newEmail, currentPassword: $currentPassword)\n  }\n": typeof types.ChangeEmailDocument,
    "\n  mutation DeleteAccount($currentPassword: String!) {\n    deleteAccount(currentPassword: $currentPassword)\n  }\n": typeof types.DeleteAccountDocument,
    "\n  mutation AccountUpdateName($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.AccountUpdateNameDocument,
    "\n  query EmailStatus {\n    mailEnabled\n    me {\n      id\n      email\n      emailVerified\n    }\n  }\n": typeof types.EmailStatusDocument,
    "\n  query AccountProfile {\n    me {\n      id\n      username\n      name\n      role\n      createdAt\n    }\n  }\n": typeof types.AccountProfileDocument,
    "\n  mutation RequestEmailVerification {\n    requestEmailVerification\n  }\n": typeof types.RequestEmailVerificationDocument,
    "\n  fragment AccountSessionRow on Session {\n    id\n    current\n    userAgent\n    createdAt\n    lastUsedAt\n    expiresAt\n  }\n": typeof types.AccountSessionRowFragmentDoc,
    "\n  mutation AccountRevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": typeof types.AccountRevokeSessionDocument,
    "\n  query AccountSessions {\n    sessions {\n      id\n      ...AccountSessionRow\n    }\n  }\n": typeof types.AccountSessionsDocument,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n": typeof types.VerifyEmailDocument,
    "\n  query AdminUsers($first: Int!, $after: String) {\n    usersConnection(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...AdminUserRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  mutation AdminDeleteProduct($id: ID!) {\n    deleteProduct(id: $id)\n  }\n": typeof types.AdminDeleteProductDocument,
    "\n  mutation AdminUpdateProduct($id: ID!, $input: UpdateProductInput!) {\n    updateProduct(id: $id, input: $input) {\n      id\n      ...AdminProductRow\n    }\n  }\n": typeof types.AdminUpdateProductDocument,
    "\n  mutation AdminCreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.AdminCreateProductDocument,
    "\n  fragment AdminProductRow on Product {\n    id\n    name\n    description\n    priceCents\n    createdAt\n  }\n": typeof types.AdminProductRowFragmentDoc,
    "\n  query AdminProducts($first: Int!, $after: String) {\n    products(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...AdminProductRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.AdminProductsDocument,
    "\n  fragment AdminUserRow on User {\n    id\n    username\n    name\n    email\n    role\n    isActive\n    createdAt\n  }\n": typeof types.AdminUserRowFragmentDoc,
    "\n  mutation AdminSetUserActive($id: ID!, $active: Boolean!) {\n    setUserActive(id: $id, active: $active) {\n      id\n      ...AdminUserRow\n    }\n  }\n": typeof types.AdminSetUserActiveDocument,
    "\n  mutation AdminSetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      ...AdminUserRow\n    }\n  }\n": typeof types.AdminSetUserRoleDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  query SignInMailEnabled {\n    mailEnabled\n  }\n": typeof types.SignInMailEnabledDocument,
    "\n  fragment CartPageCart on Cart {\n    items {\n      product {\n        id\n      }\n      ...CartPageLine\n    }\n    itemCount\n    totalCents\n  }\n": typeof types.CartPageCartFragmentDoc,
    "\n  fragment CartPageLine on CartItem {\n    product {\n      id\n      name\n      priceCents\n    }\n    quantity\n    subtotalCents\n  }\n": typeof types.CartPageLineFragmentDoc,
    "\n  mutation CartRemove($productId: ID!) {\n    removeFromCart(productId: $productId) {\n      ...CartPageCart\n    }\n  }\n": typeof types.CartRemoveDocument,
    "\n  query CartPage {\n    cart {\n      ...CartPageCart\n    }\n  }\n": typeof types.CartPageDocument,
    "\n  mutation CartSetQuantity($productId: ID!, $quantity: Int!) {\n    setCartItemQuantity(productId: $productId, quantity: $quantity) {\n      ...CartPageCart\n    }\n  }\n": typeof types.CartSetQuantityDocument,
    "\n  mutation CartClear {\n    clearCart {\n      ...CartPageCart\n    }\n  }\n": typeof types.CartClearDocument,
    "\n  query CatalogueProducts($first: Int!, $after: String) {\n    products(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...CatalogueProductCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.CatalogueProductsDocument,
    "\n  fragment CatalogueProductCard on Product {\n    id\n    name\n    priceCents\n    description\n  }\n": typeof types.CatalogueProductCardFragmentDoc,
    "\n  query CatalogueProduct($id: ID!) {\n    product(id: $id) {\n      id\n      name\n      priceCents\n      description\n      createdAt\n    }\n  }\n": typeof types.CatalogueProductDocument,
    "\n  mutation CatalogueAddToCart($productId: ID!, $quantity: Int!) {\n    addToCart(productId: $productId, quantity: $quantity) {\n      items {\n        product {\n          id\n          name\n          priceCents\n        }\n        quantity\n        subtotalCents\n      }\n      itemCount\n      totalCents\n    }\n  }\n": typeof types.CatalogueAddToCartDocument,
    "\n  mutation CatalogueAddToWishlist($productId: ID!) {\n    addToWishlist(productId: $productId) {\n      id\n      name\n      priceCents\n    }\n  }\n": typeof types.CatalogueAddToWishlistDocument,
    "\n  fragment WishlistPageItem on Product {\n    id\n    name\n    priceCents\n  }\n": typeof types.WishlistPageItemFragmentDoc,
    "\n  mutation WishlistRemove($productId: ID!) {\n    removeFromWishlist(productId: $productId) {\n      id\n      ...WishlistPageItem\n    }\n  }\n": typeof types.WishlistRemoveDocument,
    "\n  mutation WishlistAddToCart($productId: ID!) {\n    addToCart(productId: $productId, quantity: 1) {\n      items {\n        product {\n          id\n          name\n          priceCents\n        }\n        quantity\n        subtotalCents\n      }\n      itemCount\n      totalCents\n    }\n  }\n": typeof types.WishlistAddToCartDocument,
    "\n  query WishlistPage {\n    wishlist {\n      id\n      ...WishlistPageItem\n    }\n  }\n": typeof types.WishlistPageDocument,
    "\n  fragment SessionUser on User {\n    id\n    username\n    name\n    role\n  }\n": typeof types.SessionUserFragmentDoc,
    "\n  fragment SessionPair on AuthPayload {\n    accessToken\n    expiresIn\n    expiresAt\n    sessionExpiresAt\n    user {\n      ...SessionUser\n    }\n  }\n": typeof types.SessionPairFragmentDoc,
    "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionPair\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SessionPair\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation Refresh {\n    refreshToken {\n      ...SessionPair\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation SignOut {\n    logout\n  }\n": typeof types.SignOutDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...SessionPair\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation SignOutEverywhere {\n    logoutAll\n  }\n": typeof types.SignOutEverywhereDocument,
};
const documents: Documents = {
    "\n  mutation ChangeEmail($newEmail: String!, $currentPassword: String!) {\n    changeEmail(newEmail: $newEmail, currentPassword: $currentPassword)\n  }\n": types.ChangeEmailDocument,
    "\n  mutation DeleteAccount($currentPassword: String!) {\n    deleteAccount(currentPassword: $currentPassword)\n  }\n": types.DeleteAccountDocument,
    "\n  mutation AccountUpdateName($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      name\n    }\n  }\n": types.AccountUpdateNameDocument,
    "\n  query EmailStatus {\n    mailEnabled\n    me {\n      id\n      email\n      emailVerified\n    }\n  }\n": types.EmailStatusDocument,
    "\n  query AccountProfile {\n    me {\n      id\n      username\n      name\n      role\n      createdAt\n    }\n  }\n": types.AccountProfileDocument,
    "\n  mutation RequestEmailVerification {\n    requestEmailVerification\n  }\n": types.RequestEmailVerificationDocument,
    "\n  fragment AccountSessionRow on Session {\n    id\n    current\n    userAgent\n    createdAt\n    lastUsedAt\n    expiresAt\n  }\n": types.AccountSessionRowFragmentDoc,
    "\n  mutation AccountRevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": types.AccountRevokeSessionDocument,
    "\n  query AccountSessions {\n    sessions {\n      id\n      ...AccountSessionRow\n    }\n  }\n": types.AccountSessionsDocument,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n": types.VerifyEmailDocument,
    "\n  query AdminUsers($first: Int!, $after: String) {\n    usersConnection(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...AdminUserRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.AdminUsersDocument,
    "\n  mutation AdminDeleteProduct($id: ID!) {\n    deleteProduct(id: $id)\n  }\n": types.AdminDeleteProductDocument,
    "\n  mutation AdminUpdateProduct($id: ID!, $input: UpdateProductInput!) {\n    updateProduct(id: $id, input: $input) {\n      id\n      ...AdminProductRow\n    }\n  }\n": types.AdminUpdateProductDocument,
    "\n  mutation AdminCreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      id\n      name\n    }\n  }\n": types.AdminCreateProductDocument,
    "\n  fragment AdminProductRow on Product {\n    id\n    name\n    description\n    priceCents\n    createdAt\n  }\n": types.AdminProductRowFragmentDoc,
    "\n  query AdminProducts($first: Int!, $after: String) {\n    products(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...AdminProductRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.AdminProductsDocument,
    "\n  fragment AdminUserRow on User {\n    id\n    username\n    name\n    email\n    role\n    isActive\n    createdAt\n  }\n": types.AdminUserRowFragmentDoc,
    "\n  mutation AdminSetUserActive($id: ID!, $active: Boolean!) {\n    setUserActive(id: $id, active: $active) {\n      id\n      ...AdminUserRow\n    }\n  }\n": types.AdminSetUserActiveDocument,
    "\n  mutation AdminSetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      ...AdminUserRow\n    }\n  }\n": types.AdminSetUserRoleDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
    "\n  query SignInMailEnabled {\n    mailEnabled\n  }\n": types.SignInMailEnabledDocument,
    "\n  fragment CartPageCart on Cart {\n    items {\n      product {\n        id\n      }\n      ...CartPageLine\n    }\n    itemCount\n    totalCents\n  }\n": types.CartPageCartFragmentDoc,
    "\n  fragment CartPageLine on CartItem {\n    product {\n      id\n      name\n      priceCents\n    }\n    quantity\n    subtotalCents\n  }\n": types.CartPageLineFragmentDoc,
    "\n  mutation CartRemove($productId: ID!) {\n    removeFromCart(productId: $productId) {\n      ...CartPageCart\n    }\n  }\n": types.CartRemoveDocument,
    "\n  query CartPage {\n    cart {\n      ...CartPageCart\n    }\n  }\n": types.CartPageDocument,
    "\n  mutation CartSetQuantity($productId: ID!, $quantity: Int!) {\n    setCartItemQuantity(productId: $productId, quantity: $quantity) {\n      ...CartPageCart\n    }\n  }\n": types.CartSetQuantityDocument,
    "\n  mutation CartClear {\n    clearCart {\n      ...CartPageCart\n    }\n  }\n": types.CartClearDocument,
    "\n  query CatalogueProducts($first: Int!, $after: String) {\n    products(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...CatalogueProductCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.CatalogueProductsDocument,
    "\n  fragment CatalogueProductCard on Product {\n    id\n    name\n    priceCents\n    description\n  }\n": types.CatalogueProductCardFragmentDoc,
    "\n  query CatalogueProduct($id: ID!) {\n    product(id: $id) {\n      id\n      name\n      priceCents\n      description\n      createdAt\n    }\n  }\n": types.CatalogueProductDocument,
    "\n  mutation CatalogueAddToCart($productId: ID!, $quantity: Int!) {\n    addToCart(productId: $productId, quantity: $quantity) {\n      items {\n        product {\n          id\n          name\n          priceCents\n        }\n        quantity\n        subtotalCents\n      }\n      itemCount\n      totalCents\n    }\n  }\n": types.CatalogueAddToCartDocument,
    "\n  mutation CatalogueAddToWishlist($productId: ID!) {\n    addToWishlist(productId: $productId) {\n      id\n      name\n      priceCents\n    }\n  }\n": types.CatalogueAddToWishlistDocument,
    "\n  fragment WishlistPageItem on Product {\n    id\n    name\n    priceCents\n  }\n": types.WishlistPageItemFragmentDoc,
    "\n  mutation WishlistRemove($productId: ID!) {\n    removeFromWishlist(productId: $productId) {\n      id\n      ...WishlistPageItem\n    }\n  }\n": types.WishlistRemoveDocument,
    "\n  mutation WishlistAddToCart($productId: ID!) {\n    addToCart(productId: $productId, quantity: 1) {\n      items {\n        product {\n          id\n          name\n          priceCents\n        }\n        quantity\n        subtotalCents\n      }\n      itemCount\n      totalCents\n    }\n  }\n": types.WishlistAddToCartDocument,
    "\n  query WishlistPage {\n    wishlist {\n      id\n      ...WishlistPageItem\n    }\n  }\n": types.WishlistPageDocument,
    "\n  fragment SessionUser on User {\n    id\n    username\n    name\n    role\n  }\n": types.SessionUserFragmentDoc,
    "\n  fragment SessionPair on AuthPayload {\n    accessToken\n    expiresIn\n    expiresAt\n    sessionExpiresAt\n    user {\n      ...SessionUser\n    }\n  }\n": types.SessionPairFragmentDoc,
    "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionPair\n    }\n  }\n": types.SignInDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SessionPair\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation Refresh {\n    refreshToken {\n      ...SessionPair\n    }\n  }\n": types.RefreshDocument,
    "\n  mutation SignOut {\n    logout\n  }\n": types.SignOutDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...SessionPair\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  mutation SignOutEverywhere {\n    logoutAll\n  }\n": types.SignOutEverywhereDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeEmail($newEmail: String!, $currentPassword: String!) {\n    changeEmail(newEmail: $newEmail, currentPassword: $currentPassword)\n  }\n"): (typeof documents)["\n  mutation ChangeEmail($newEmail: String!, $currentPassword: String!) {\n    changeEmail(newEmail: $newEmail, currentPassword: $currentPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccount($currentPassword: String!) {\n    deleteAccount(currentPassword: $currentPassword)\n  }\n"): (typeof documents)["\n  mutation DeleteAccount($currentPassword: String!) {\n    deleteAccount(currentPassword: $currentPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountUpdateName($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation AccountUpdateName($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailStatus {\n    mailEnabled\n    me {\n      id\n      email\n      emailVerified\n    }\n  }\n"): (typeof documents)["\n  query EmailStatus {\n    mailEnabled\n    me {\n      id\n      email\n      emailVerified\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountProfile {\n    me {\n      id\n      username\n      name\n      role\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query AccountProfile {\n    me {\n      id\n      username\n      name\n      role\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestEmailVerification {\n    requestEmailVerification\n  }\n"): (typeof documents)["\n  mutation RequestEmailVerification {\n    requestEmailVerification\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccountSessionRow on Session {\n    id\n    current\n    userAgent\n    createdAt\n    lastUsedAt\n    expiresAt\n  }\n"): (typeof documents)["\n  fragment AccountSessionRow on Session {\n    id\n    current\n    userAgent\n    createdAt\n    lastUsedAt\n    expiresAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountRevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation AccountRevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountSessions {\n    sessions {\n      id\n      ...AccountSessionRow\n    }\n  }\n"): (typeof documents)["\n  query AccountSessions {\n    sessions {\n      id\n      ...AccountSessionRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n"): (typeof documents)["\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers($first: Int!, $after: String) {\n    usersConnection(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...AdminUserRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminUsers($first: Int!, $after: String) {\n    usersConnection(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...AdminUserRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteProduct($id: ID!) {\n    deleteProduct(id: $id)\n  }\n"): (typeof documents)["\n  mutation AdminDeleteProduct($id: ID!) {\n    deleteProduct(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateProduct($id: ID!, $input: UpdateProductInput!) {\n    updateProduct(id: $id, input: $input) {\n      id\n      ...AdminProductRow\n    }\n  }\n"): (typeof documents)["\n  mutation AdminUpdateProduct($id: ID!, $input: UpdateProductInput!) {\n    updateProduct(id: $id, input: $input) {\n      id\n      ...AdminProductRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminProductRow on Product {\n    id\n    name\n    description\n    priceCents\n    createdAt\n  }\n"): (typeof documents)["\n  fragment AdminProductRow on Product {\n    id\n    name\n    description\n    priceCents\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminProducts($first: Int!, $after: String) {\n    products(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...AdminProductRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminProducts($first: Int!, $after: String) {\n    products(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...AdminProductRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminUserRow on User {\n    id\n    username\n    name\n    email\n    role\n    isActive\n    createdAt\n  }\n"): (typeof documents)["\n  fragment AdminUserRow on User {\n    id\n    username\n    name\n    email\n    role\n    isActive\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminSetUserActive($id: ID!, $active: Boolean!) {\n    setUserActive(id: $id, active: $active) {\n      id\n      ...AdminUserRow\n    }\n  }\n"): (typeof documents)["\n  mutation AdminSetUserActive($id: ID!, $active: Boolean!) {\n    setUserActive(id: $id, active: $active) {\n      id\n      ...AdminUserRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminSetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      ...AdminUserRow\n    }\n  }\n"): (typeof documents)["\n  mutation AdminSetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      ...AdminUserRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SignInMailEnabled {\n    mailEnabled\n  }\n"): (typeof documents)["\n  query SignInMailEnabled {\n    mailEnabled\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CartPageCart on Cart {\n    items {\n      product {\n        id\n      }\n      ...CartPageLine\n    }\n    itemCount\n    totalCents\n  }\n"): (typeof documents)["\n  fragment CartPageCart on Cart {\n    items {\n      product {\n        id\n      }\n      ...CartPageLine\n    }\n    itemCount\n    totalCents\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CartPageLine on CartItem {\n    product {\n      id\n      name\n      priceCents\n    }\n    quantity\n    subtotalCents\n  }\n"): (typeof documents)["\n  fragment CartPageLine on CartItem {\n    product {\n      id\n      name\n      priceCents\n    }\n    quantity\n    subtotalCents\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CartRemove($productId: ID!) {\n    removeFromCart(productId: $productId) {\n      ...CartPageCart\n    }\n  }\n"): (typeof documents)["\n  mutation CartRemove($productId: ID!) {\n    removeFromCart(productId: $productId) {\n      ...CartPageCart\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CartPage {\n    cart {\n      ...CartPageCart\n    }\n  }\n"): (typeof documents)["\n  query CartPage {\n    cart {\n      ...CartPageCart\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CartSetQuantity($productId: ID!, $quantity: Int!) {\n    setCartItemQuantity(productId: $productId, quantity: $quantity) {\n      ...CartPageCart\n    }\n  }\n"): (typeof documents)["\n  mutation CartSetQuantity($productId: ID!, $quantity: Int!) {\n    setCartItemQuantity(productId: $productId, quantity: $quantity) {\n      ...CartPageCart\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CartClear {\n    clearCart {\n      ...CartPageCart\n    }\n  }\n"): (typeof documents)["\n  mutation CartClear {\n    clearCart {\n      ...CartPageCart\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogueProducts($first: Int!, $after: String) {\n    products(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...CatalogueProductCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query CatalogueProducts($first: Int!, $after: String) {\n    products(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...CatalogueProductCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CatalogueProductCard on Product {\n    id\n    name\n    priceCents\n    description\n  }\n"): (typeof documents)["\n  fragment CatalogueProductCard on Product {\n    id\n    name\n    priceCents\n    description\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogueProduct($id: ID!) {\n    product(id: $id) {\n      id\n      name\n      priceCents\n      description\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query CatalogueProduct($id: ID!) {\n    product(id: $id) {\n      id\n      name\n      priceCents\n      description\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CatalogueAddToCart($productId: ID!, $quantity: Int!) {\n    addToCart(productId: $productId, quantity: $quantity) {\n      items {\n        product {\n          id\n          name\n          priceCents\n        }\n        quantity\n        subtotalCents\n      }\n      itemCount\n      totalCents\n    }\n  }\n"): (typeof documents)["\n  mutation CatalogueAddToCart($productId: ID!, $quantity: Int!) {\n    addToCart(productId: $productId, quantity: $quantity) {\n      items {\n        product {\n          id\n          name\n          priceCents\n        }\n        quantity\n        subtotalCents\n      }\n      itemCount\n      totalCents\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CatalogueAddToWishlist($productId: ID!) {\n    addToWishlist(productId: $productId) {\n      id\n      name\n      priceCents\n    }\n  }\n"): (typeof documents)["\n  mutation CatalogueAddToWishlist($productId: ID!) {\n    addToWishlist(productId: $productId) {\n      id\n      name\n      priceCents\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WishlistPageItem on Product {\n    id\n    name\n    priceCents\n  }\n"): (typeof documents)["\n  fragment WishlistPageItem on Product {\n    id\n    name\n    priceCents\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WishlistRemove($productId: ID!) {\n    removeFromWishlist(productId: $productId) {\n      id\n      ...WishlistPageItem\n    }\n  }\n"): (typeof documents)["\n  mutation WishlistRemove($productId: ID!) {\n    removeFromWishlist(productId: $productId) {\n      id\n      ...WishlistPageItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WishlistAddToCart($productId: ID!) {\n    addToCart(productId: $productId, quantity: 1) {\n      items {\n        product {\n          id\n          name\n          priceCents\n        }\n        quantity\n        subtotalCents\n      }\n      itemCount\n      totalCents\n    }\n  }\n"): (typeof documents)["\n  mutation WishlistAddToCart($productId: ID!) {\n    addToCart(productId: $productId, quantity: 1) {\n      items {\n        product {\n          id\n          name\n          priceCents\n        }\n        quantity\n        subtotalCents\n      }\n      itemCount\n      totalCents\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WishlistPage {\n    wishlist {\n      id\n      ...WishlistPageItem\n    }\n  }\n"): (typeof documents)["\n  query WishlistPage {\n    wishlist {\n      id\n      ...WishlistPageItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionUser on User {\n    id\n    username\n    name\n    role\n  }\n"): (typeof documents)["\n  fragment SessionUser on User {\n    id\n    username\n    name\n    role\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionPair on AuthPayload {\n    accessToken\n    expiresIn\n    expiresAt\n    sessionExpiresAt\n    user {\n      ...SessionUser\n    }\n  }\n"): (typeof documents)["\n  fragment SessionPair on AuthPayload {\n    accessToken\n    expiresIn\n    expiresAt\n    sessionExpiresAt\n    user {\n      ...SessionUser\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionPair\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionPair\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SessionPair\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SessionPair\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh {\n    refreshToken {\n      ...SessionPair\n    }\n  }\n"): (typeof documents)["\n  mutation Refresh {\n    refreshToken {\n      ...SessionPair\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    logout\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...SessionPair\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...SessionPair\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOutEverywhere {\n    logoutAll\n  }\n"): (typeof documents)["\n  mutation SignOutEverywhere {\n    logoutAll\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;