-- Shoppers, declaration lists (申报清单) with their lines, returns, positive-list
-- versions and the demo-data marker. Money is integer fen; times are UTC text in the
-- fixed form 'YYYY-MM-DDTHH:MM:SSZ', so text order is time order.

CREATE TABLE shoppers (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

CREATE TABLE orders (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    shopper_id          TEXT    NOT NULL REFERENCES shoppers (id) ON DELETE CASCADE,
    list_no             TEXT    NOT NULL UNIQUE,
    declared_at         TEXT    NOT NULL,
    -- Calendar year of declared_at in China Standard Time (UTC+8): the quota year.
    declared_year       INTEGER NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('declared', 'manual_review', 'concluded',
                            'inspection', 'detained', 'suspended', 'shipped_back', 'released',
                            'closed', 'rejected', 'cancelled')),
    customs_status_code INTEGER NOT NULL,
    released_at         TEXT,
    freight_fen         INTEGER NOT NULL CHECK (freight_fen >= 0),
    insurance_fen       INTEGER NOT NULL CHECK (insurance_fen >= 0),
    reductions_fen      INTEGER NOT NULL CHECK (reductions_fen >= 0),
    tax_total_fen       INTEGER NOT NULL CHECK (tax_total_fen >= 0),
    dutiable_value_fen  INTEGER NOT NULL CHECK (dutiable_value_fen >= 0),
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL
);

CREATE INDEX orders_shopper_year ON orders (shopper_id, declared_year);

CREATE TABLE order_lines (
    order_id           INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no            INTEGER NOT NULL CHECK (line_no >= 1),
    hs_code            TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    quantity           INTEGER NOT NULL CHECK (quantity >= 1),
    unit_price_fen     INTEGER NOT NULL CHECK (unit_price_fen >= 0),
    dutiable_value_fen INTEGER NOT NULL CHECK (dutiable_value_fen >= 0),
    returned_quantity  INTEGER NOT NULL DEFAULT 0
                           CHECK (returned_quantity >= 0 AND returned_quantity <= quantity),
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE returns (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id           INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    applied_at         TEXT    NOT NULL,
    -- Dutiable value of the returned pieces: the quota this return restored.
    dutiable_value_fen INTEGER NOT NULL CHECK (dutiable_value_fen >= 0),
    created_at         TEXT    NOT NULL
);

CREATE INDEX returns_order ON returns (order_id);

CREATE TABLE return_lines (
    return_id          INTEGER NOT NULL REFERENCES returns (id) ON DELETE CASCADE,
    line_no            INTEGER NOT NULL,
    quantity           INTEGER NOT NULL CHECK (quantity >= 1),
    dutiable_value_fen INTEGER NOT NULL CHECK (dutiable_value_fen >= 0),
    PRIMARY KEY (return_id, line_no)
);

CREATE TABLE list_versions (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    complete    INTEGER NOT NULL CHECK (complete IN (0, 1)),
    source      TEXT    NOT NULL,
    imported_at TEXT    NOT NULL
);

CREATE TABLE list_codes (
    version_id  TEXT    NOT NULL REFERENCES list_versions (id) ON DELETE CASCADE,
    row_no      INTEGER NOT NULL,
    tariff_line TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    remark      TEXT    NOT NULL,
    PRIMARY KEY (version_id, row_no)
);

-- One row per demo data set loaded, so that a restart never loads it twice.
CREATE TABLE demo_loads (
    name      TEXT PRIMARY KEY,
    loaded_at TEXT NOT NULL
);
