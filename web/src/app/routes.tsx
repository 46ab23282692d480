import { lazy, Suspense, useEffect } from "react";
import { Route, Routes } from "react-router";
import { Loading, Page } from "../components";
import { SignInPage } from "../features/auth/sign-in-page";
import { CataloguePage } from "../features/catalogue/catalogue-page";
import { RequireAdmin, RequireSignedIn } from "./guards";
import { Layout } from "./layout";

// Only the catalogue (the landing page) and sign-in come with the first load; the other
// pages load on demand, and the common ones are fetched once the browser is idle, so a
// click later finds them ready.
const pages = {
  register: () => import("../features/auth/register-page"),
  cart: () => import("../features/cart/cart-page"),
  product: () => import("../features/catalogue/product-page"),
  wishlist: () => import("../features/wishlist/wishlist-page"),
};
const RegisterPage = lazy(() => pages.register().then((m) => ({ default: m.RegisterPage })));
const CartPage = lazy(() => pages.cart().then((m) => ({ default: m.CartPage })));
const ProductPage = lazy(() => pages.product().then((m) => ({ default: m.ProductPage })));
const WishlistPage = lazy(() => pages.wishlist().then((m) => ({ default: m.WishlistPage })));
const ForgotPasswordPage = lazy(() => import("../features/auth/forgot-password-page").then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => import("../features/auth/reset-password-page").then((m) => ({ default: m.ResetPasswordPage })));
const VerifyEmailPage = lazy(() => import("../features/account/verify-email-page").then((m) => ({ default: m.VerifyEmailPage })));
const AccountPage = lazy(() => import("../features/account/account-page").then((m) => ({ default: m.AccountPage })));
const AdminProductsPage = lazy(() => import("../features/admin/admin-products-page").then((m) => ({ default: m.AdminProductsPage })));
const AdminUsersPage = lazy(() => import("../features/admin/admin-users-page").then((m) => ({ default: m.AdminUsersPage })));

function usePreloadedPages() {
  useEffect(() => {
    const preload = () => Object.values(pages).forEach((load) => void load().catch(() => undefined));
    if ("requestIdleCallback" in window) {
      const id = requestIdleCallback(preload, { timeout: 3000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(preload, 1000);
    return () => clearTimeout(id);
  }, []);
}

export function AppRoutes({ startProblem }: { startProblem: string | null }) {
  usePreloadedPages();
  return (
    <Routes>
      <Route element={<Layout startProblem={startProblem} />}>
        <Route index element={<CataloguePage />} />
        <Route path="products/:id" element={<Lazy><ProductPage /></Lazy>} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="register" element={<Lazy><RegisterPage /></Lazy>} />
        <Route path="forgot-password" element={<Lazy><ForgotPasswordPage /></Lazy>} />
        <Route path="reset-password" element={<Lazy><ResetPasswordPage /></Lazy>} />
        <Route path="verify-email" element={<Lazy><VerifyEmailPage /></Lazy>} />
        <Route path="cart" element={<RequireSignedIn><Lazy><CartPage /></Lazy></RequireSignedIn>} />
        <Route path="wishlist" element={<RequireSignedIn><Lazy><WishlistPage /></Lazy></RequireSignedIn>} />
        <Route path="account" element={<RequireSignedIn><Lazy><AccountPage /></Lazy></RequireSignedIn>} />
        <Route path="admin/products" element={<RequireAdmin><Lazy><AdminProductsPage /></Lazy></RequireAdmin>} />
        <Route path="admin/users" element={<RequireAdmin><Lazy><AdminUsersPage /></Lazy></RequireAdmin>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function Lazy({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function NotFound() {
  return (
    <Page title="Page not found">
      <p>There is nothing at this address.</p>
    </Page>
  );
}
