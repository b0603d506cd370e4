/** The product mark: three stacked target rings, drawn inline so it needs no asset request. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <circle cx="16" cy="16" r="15" fill="#1677ff" />
      <circle cx="16" cy="16" r="10" fill="#fff" />
      <circle cx="16" cy="16" r="6" fill="#1677ff" />
      <circle cx="16" cy="16" r="2.5" fill="#fff" />
    </svg>
  );
}
