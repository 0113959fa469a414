import { Typography } from 'antd';
import { keyLabel } from '../lib/shortcuts.ts';

/** A shortcut as shown next to the action it triggers. */
export function Kbd({ combo }: { readonly combo: string }) {
  return (
    <Typography.Text keyboard style={{ fontSize: 12, marginInlineStart: 6 }} data-shortcut={combo}>
      {keyLabel(combo)}
    </Typography.Text>
  );
}
