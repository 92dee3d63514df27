-- External services that work units call through context.Services.Http(name): base URL, authentication and
-- credentials per application, with every secret encrypted by ASP.NET Core Data Protection, whose key ring is
-- kept here too so that every silo (and the admin) shares it.

CREATE TABLE bptl_service (
    name           text        PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'),
    base_url       text        NOT NULL CHECK (length(base_url) BETWEEN 1 AND 2000),
    auth_kind      text        NOT NULL CHECK (auth_kind IN ('none', 'api_key', 'basic', 'bearer', 'oauth2_client_credentials')),
    api_key_header text        NULL,
    token_url      text        NULL,
    scope          text        NULL,
    timeout_ms     integer     NULL CHECK (timeout_ms IS NULL OR timeout_ms > 0),
    record_bodies  boolean     NOT NULL DEFAULT false,
    revision       bigint      NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- A service's credentials: app_id '' is its default, any other value the application (process variable bptlAppId)
-- it is for. secret holds Data Protection ciphertext (the password, API key, bearer token or client secret), never
-- the clear value.
CREATE TABLE bptl_service_credential (
    service    text        NOT NULL REFERENCES bptl_service (name) ON DELETE CASCADE,
    app_id     text        NOT NULL CHECK (length(app_id) <= 255),
    user_name  text        NULL,
    client_id  text        NULL,
    secret     text        NULL,
    revision   bigint      NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service, app_id)
);

-- The Data Protection key ring: one row per XML element Data Protection stores (keys and revocations), as it
-- writes them (encrypted to a certificate when one is configured).
CREATE TABLE bptl_data_protection_key (
    id            bigserial   PRIMARY KEY,
    friendly_name text        NOT NULL UNIQUE,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Silos hear service changes at once; they also re-read the tables every so often.
CREATE FUNCTION bptl_service_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('bptl_services', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER bptl_service_changed AFTER INSERT OR UPDATE OR DELETE ON bptl_service
    FOR EACH STATEMENT EXECUTE FUNCTION bptl_service_changed();

CREATE TRIGGER bptl_service_credential_changed AFTER INSERT OR UPDATE OR DELETE ON bptl_service_credential
    FOR EACH STATEMENT EXECUTE FUNCTION bptl_service_changed();
