-- service_providers: the register of third-party digital-transformation
-- service providers (服务商) the bureau keeps and imports from .xlsx or CSV
-- (`healthcheck providers import`, 管理 › 服务商名录). The annual report sets
-- it against the firms' 服务需求 by kind and district.
--
-- services holds the kinds offered as the option values of the
-- questionnaire's 服务需求 question ("diagnosis,software"), districts the
-- GB/T 2260 codes served ("330402,330411"), both comma-separated: the
-- register is a few hundred rows read whole, never filtered in SQL. An
-- import replaces the whole register in one transaction with its audit line.
CREATE TABLE IF NOT EXISTS service_providers (
    id {{id}},
    name TEXT NOT NULL UNIQUE,
    credit_code TEXT NOT NULL DEFAULT '',
    services TEXT NOT NULL,
    districts TEXT NOT NULL,
    certified BOOLEAN NOT NULL DEFAULT FALSE,
    imported_at TIMESTAMP NOT NULL,
    imported_by TEXT NOT NULL
);
