import { Drawer, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import guideEn from '../../../docs/guide/en.md?raw';
import guideZh from '../../../docs/guide/zh.md?raw';
import { guideSection, plainInline } from '../lib/guide.ts';
import { useAppStore } from '../state/app-store.ts';

// The guide's screenshots, made by the end-to-end run, built into the renderer as files of its own.
const pictures = import.meta.glob<string>('../../../docs/guide/images/*.png', { eager: true, query: '?url', import: 'default' });
const pictureFor = (src: string): string | undefined => pictures[`../../../docs/guide/${src}`];

/** F1: the guide's section for the screen in use, in the current language. */
export function HelpDrawer({ open, section, onClose }: { readonly open: boolean; readonly section: string; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const blocks = guideSection(language === 'zh' ? guideZh : guideEn, section);
  return (
    <Drawer title={t('help.title')} open={open} onClose={onClose} size="large" destroyOnHidden>
      <div data-help-section={section}>
        {blocks.length === 0 && <Typography.Paragraph>{t('help.notFound')}</Typography.Paragraph>}
        {blocks.map((b, i) => {
          if (b.kind === 'heading') return <Typography.Title key={i} level={Math.min(b.level + 1, 5) as 3}>{plainInline(b.text)}</Typography.Title>;
          if (b.kind === 'item') return <Typography.Paragraph key={i} style={{ marginBottom: 4 }}>• {plainInline(b.text)}</Typography.Paragraph>;
          if (b.kind === 'text') return <Typography.Paragraph key={i}>{plainInline(b.text)}</Typography.Paragraph>;
          const url = pictureFor(b.src);
          return url === undefined ? null : <img key={i} className="help-picture" src={url} alt={b.alt} loading="lazy" />;
        })}
      </div>
    </Drawer>
  );
}
