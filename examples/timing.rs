//! Where the time goes between start and first frame on a given store (for the notes).
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let t0 = Instant::now();
    let store = daftar::store::Store::open(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let t_open = t0.elapsed();
    let today = chrono::Local::now().date_naive();
    let t = Instant::now();
    let app = daftar::app::App::new(store, daftar::i18n::Lang::En, today, None).unwrap_or_else(|e| panic!("{e}"));
    let t_app = t.elapsed();
    let t = Instant::now();
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap_or_else(|e| panic!("{e}"));
    let _ = terminal.draw(|f| daftar::ui::view(&app.state, f));
    let t_draw = t.elapsed();
    eprintln!("open {t_open:?} app {t_app:?} draw {t_draw:?} total {:?}", t0.elapsed());
}
