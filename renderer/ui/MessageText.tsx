/** A message in words where `backticked` parts (commands, fields, paths) are shown as code. */
export function MessageText({ text }: { readonly text: string }) {
  const parts = text.split('`');
  // An unmatched backtick leaves an even number of parts; show the text as it is then.
  if (parts.length % 2 === 0) return <>{text}</>;
  return (
    <>
      {parts.map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}
    </>
  );
}
