import { describe, expect, it } from "vitest";
import { databaseProvider, redactDatabaseUrl, sqliteFilePath } from "../../../server/src/db/database-url.js";

describe("databaseProvider", () => {
  it.each([
    ["file:./data/firedrill.db", "sqlite"],
    ["file:/var/lib/firedrill/x.db", "sqlite"],
    ["postgresql://u:p@h:5432/db", "postgresql"],
    ["postgres://u@h/db", "postgresql"],
  ])("%s → %s", (url, provider) => {
    expect(databaseProvider(url)).toBe(provider);
  });
  it("rejects other schemes, hiding the password", () => {
    expect(() => databaseProvider("mysql://root:secret@h/db")).toThrow(/unsupported DATABASE_URL "mysql:\/\/root:\*\*\*@h\/db"/);
  });
});

describe("sqliteFilePath", () => {
  it.each([
    ["file:./data/firedrill.db", "/srv/app/data/firedrill.db"],
    ["file:dev.db", "/srv/app/dev.db"],
    ["file:/abs/x.db", "/abs/x.db"],
    ["file:./x.db?connection_limit=1", "/srv/app/x.db"],
  ])("%s → %s", (url, file) => {
    expect(sqliteFilePath(url, "/srv/app")).toBe(file);
  });
  it.each(["file:", "file::memory:"])("rejects %s", (url) => {
    expect(() => sqliteFilePath(url, "/srv/app")).toThrow(/no file path/);
  });
});

describe("redactDatabaseUrl", () => {
  it.each([
    ["postgresql://firedrill:s3cr3t@db:5432/firedrill", "postgresql://firedrill:***@db:5432/firedrill"],
    ["postgresql://firedrill@db/firedrill", "postgresql://firedrill@db/firedrill"],
    ["file:./data/firedrill.db", "file:./data/firedrill.db"],
  ])("%s → %s", (url, shown) => {
    expect(redactDatabaseUrl(url)).toBe(shown);
  });
});
