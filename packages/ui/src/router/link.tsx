import type { MouseEvent, ReactNode } from "react";
import { navigate } from "./navigation.js";

export interface LinkProps {
  readonly href: string;
  readonly children: ReactNode;
  readonly className?: string;
  readonly title?: string;
  readonly testId?: string;
}

/**
 * A real `<a href>` (so middle-click and "open in new tab" work) that navigates in the same
 * tab through the history API on a plain left click.
 */
export function Link({ href, children, className, title, testId }: LinkProps) {
  const onClick = (ev: MouseEvent<HTMLAnchorElement>) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} className={className} title={title} data-testid={testId}>
      {children}
    </a>
  );
}
