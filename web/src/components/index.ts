export { Button } from "./button";
export { ErrorMessage } from "./error-message";
export { Field } from "./field";
export { Money } from "./money";
export { Page } from "./page";
export { Empty, Loading, Notice } from "./status";
