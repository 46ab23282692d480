import type { ComponentPropsWithRef } from "react";

interface ButtonProps extends ComponentPropsWithRef<"button"> {
  /** While the action runs: disabled, and announced as busy. */
  busy?: boolean;
  variant?: "primary" | "secondary" | "danger";
}

export function Button({ busy = false, variant = "primary", disabled, className, type = "button", children, ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={["button", `button-${variant}`, className].filter(Boolean).join(" ")}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {children}
    </button>
  );
}
