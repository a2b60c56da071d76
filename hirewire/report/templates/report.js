// HireWire report: inflate plotly.js and the views' data (gzip + base64, written by build.py),
// then draw the chosen job seeker's view (#candidate-<id>, else the first), and let the reader
// find a job seeker by name in the overview. <html data-report> says where the page is:
// loading, drawing, ready or error (the headless-browser checks wait for ready).
// It runs at the top of the body, right after the packed plotly.js, so that plotly.js starts
// while the rest of the page is still being read; the rest waits for the document.
(() => {
    'use strict';
    const root = document.documentElement;
    let data = null;
    let drawnOnce = false;

    async function inflate(id) {
        const text = document.getElementById(id).textContent.trim();
        // A data: URL lets the browser decode the base64 natively, much faster than atob.
        const response = await fetch(`data:application/octet-stream;base64,${text}`);
        const inflated = response.body.pipeThrough(new DecompressionStream('gzip'));
        return new Response(inflated).text();
    }

    async function loadPlotly() {
        const source = await inflate('plotly-packed');
        // From a blob URL rather than inline text: the browser compiles it off the main thread.
        const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
        const script = document.createElement('script');
        try {
            await new Promise((resolve, reject) => {
                script.onload = resolve;
                script.onerror = () => reject(new Error('plotly.js did not load'));
                script.src = url;
                document.head.appendChild(script);
            });
        } finally {
            URL.revokeObjectURL(url);
            script.remove(); // window.Plotly stays; the page keeps no reference to a URL
        }
    }

    function layoutOf(figure) {
        const layout = { ...data.layout, ...figure.layout };
        for (const axis of ['xaxis', 'yaxis']) {
            layout[axis] = { ...data.layout[axis], ...(figure.layout[axis] || {}) };
        }
        return layout;
    }

    function currentSection() {
        return document.querySelector('section.candidate');
    }

    // Put the view `anchor` in the page (the first view is already there) and draw its charts.
    async function show(anchor) {
        if (!Object.hasOwn(data.views, anchor)) {
            return false; // also a hash such as #constructor: only the views' own keys count
        }
        const view = data.views[anchor];
        let section = currentSection();
        if (!section || section.id !== anchor) {
            const holder = document.createElement('template');
            holder.innerHTML = view.html;
            const fresh = holder.content.firstElementChild;
            if (section) {
                section.querySelectorAll('.js-plotly-plot').forEach((chart) => Plotly.purge(chart));
                section.replaceWith(fresh);
            } else {
                document.querySelector('main').appendChild(fresh);
            }
            section = fresh;
        }
        document.querySelectorAll('.overview-table tr.current').forEach((row) => {
            row.classList.remove('current');
        });
        const row = document.querySelector(`.overview-table tr[data-view="${anchor}"]`);
        if (row) {
            row.classList.add('current');
        }
        const charts = [...section.querySelectorAll('[data-chart]')];
        await Promise.all(
            charts.map((chart) => {
                const figure = view.charts[chart.dataset.chart];
                return Plotly.newPlot(chart, figure.data, layoutOf(figure), data.config);
            })
        );
        return true;
    }

    // #candidate-<id> shows that view; any other place (#overview) keeps the view on screen,
    // the first one when nothing has been drawn yet.
    async function route(scroll) {
        root.dataset.report = 'drawing';
        const wanted = decodeURIComponent(location.hash.slice(1));
        if (await show(wanted)) {
            if (scroll) {
                currentSection().scrollIntoView();
            }
        } else if (!drawnOnce) {
            await show(data.first);
        }
        drawnOnce = true;
        root.dataset.report = 'ready';
    }

    // Accents and case do not matter: "aicha" finds "Aïcha".
    function folded(text) {
        return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
    }

    function setUpFinder() {
        const finder = document.getElementById('finder');
        if (!finder) {
            return;
        }
        const rows = [...document.querySelectorAll('.overview-table tbody tr')].map((row) => ({
            row,
            name: folded(row.querySelector('a').textContent),
        }));
        const matches = document.querySelector('[data-field="matches"]');
        const filter = () => {
            const query = folded(finder.value.trim());
            let count = 0;
            for (const { row, name } of rows) {
                row.hidden = query !== '' && !name.includes(query);
                count += row.hidden ? 0 : 1;
            }
            matches.textContent = query ? `${count} of ${rows.length}` : '';
        };
        finder.addEventListener('input', filter);
        finder.addEventListener('keydown', (event) => {
            if (event.key === 'Enter') {
                const first = rows.find(({ row }) => !row.hidden);
                if (first) {
                    location.hash = first.row.dataset.view;
                }
            }
        });
        filter();
    }

    const documentRead = new Promise((resolve) => {
        if (document.readyState === 'loading') {
            document.addEventListener('DOMContentLoaded', resolve);
        } else {
            resolve();
        }
    });

    async function start() {
        try {
            const plotlyLoaded = loadPlotly();
            plotlyLoaded.catch(() => {}); // its failure is reported below, once awaited
            await documentRead;
            setUpFinder();
            data = JSON.parse(await inflate('report-packed'));
            await plotlyLoaded;
            window.addEventListener('hashchange', () => {
                route(true).catch(fail);
            });
            await route(location.hash !== '');
        } catch (error) {
            fail(error);
        }
    }

    function fail(error) {
        root.dataset.report = 'error';
        console.error(`the report could not draw its charts: ${error}`);
    }

    start();
})();
