/** The main area when experiments exist but none is open. */
export function HomeHint() {
  return (
    <section className="home-hint">
      <h1>Choose an experiment</h1>
      <p>Pick one on the left to see its learning curves and trials, or create a new one.</p>
    </section>
  );
}
