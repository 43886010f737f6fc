import type { ReactNode } from 'react';
import { Icon, type ToolIcon } from '../icons';

/**
 * A toolbar button's content: its word, and an icon shown in the word's place where the bar is
 * short of room (workspace.css). The word stays in the page, out of sight, so the button keeps
 * its name for the keyboard and a screen reader; its tooltip says what it does.
 */
export function ToolLabel({ icon, children }: { icon: ToolIcon; children: ReactNode }) {
  return (
    <>
      <span className="tool-icon">
        <Icon name={icon} size={16} />
      </span>
      <span className="tool-word">{children}</span>
    </>
  );
}
