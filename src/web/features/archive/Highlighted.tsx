import { highlight } from './archive-logic';

/** A snippet with every search term marked (substrings, any case: Chinese has no word breaks). */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <>
      {highlight(text, terms).map((s, i) =>
        s.match ? (
          <mark key={i} style={{ padding: 0, background: '#ffe58f' }} data-testid="archive-mark">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
