// What a page will hold, shown until its issue lands.
export function Planned({ title, items }: { title: string; items: readonly string[] }) {
  return (
    <div className="page planned">
      <h1>{title}</h1>
      <p>此功能正在开发中，将包括：</p>
      <ul>{items.map((i) => <li key={i}>{i}</li>)}</ul>
    </div>
  );
}
