extension Migration {
    /// References say whether the referring record hangs from the one referred to (`parent`), as the
    /// record kinds now declare (decision 0016), so placement never matches field paths again.
    ///
    /// Rows written before this step get the roles the kinds declared when it was written (frozen
    /// here, as every migration is). A record that hung only from a shared record (an information
    /// about a person) used to take every compartment of that person; it now keeps a home of its
    /// own: the compartments it is in that are also the homes of its source (where the testimony was
    /// written), else those that are also its shared record's homes, else those it is in. `placement_pending` asks the store to recompute every placement once
    /// under the new rule when it next opens (``SQLRecordStore/replaceAll()``).
    static let referenceRoles = Migration(version: 12, name: "reference-roles") { dialect in
        [
            "ALTER TABLE record_refs ADD COLUMN parent INTEGER NOT NULL DEFAULT 0",
            """
            UPDATE record_refs SET parent = 1 WHERE EXISTS (
                SELECT 1 FROM records r WHERE r.id = record_refs.from_id AND (
                    (r.kind = 'act' AND record_refs.path = '/eventID')
                    OR (r.kind = 'involvement' AND record_refs.path = '/actID')
                    OR (r.kind = 'information' AND record_refs.path = '/recordID')
                    OR (r.kind = 'intervention' AND record_refs.path LIKE '/eventIDs/%')
                    OR (r.kind = 'event-link' AND record_refs.path IN ('/fromEventID', '/toEventID'))))
            """,
            """
            INSERT INTO record_home_compartments (record_id, compartment_id)
            SELECT DISTINCT f.from_id, c.compartment_id FROM record_refs f
            JOIN records t ON t.id = f.to_id AND t.kind IN ('person', 'organisation', 'source')
            JOIN record_refs s ON s.from_id = f.from_id AND s.path = '/sourceID'
            JOIN record_compartments c ON c.record_id = f.from_id
            JOIN record_home_compartments sh ON sh.record_id = s.to_id AND sh.compartment_id = c.compartment_id
            WHERE f.parent = 1
                AND NOT EXISTS (SELECT 1 FROM record_home_compartments h WHERE h.record_id = f.from_id)
            """,
            """
            INSERT INTO record_home_compartments (record_id, compartment_id)
            SELECT DISTINCT f.from_id, c.compartment_id FROM record_refs f
            JOIN records t ON t.id = f.to_id AND t.kind IN ('person', 'organisation', 'source')
            JOIN record_compartments c ON c.record_id = f.from_id
            JOIN record_home_compartments th ON th.record_id = f.to_id AND th.compartment_id = c.compartment_id
            WHERE f.parent = 1
                AND NOT EXISTS (SELECT 1 FROM record_home_compartments h WHERE h.record_id = f.from_id)
            """,
            """
            INSERT INTO record_home_compartments (record_id, compartment_id)
            SELECT DISTINCT f.from_id, c.compartment_id FROM record_refs f
            JOIN records t ON t.id = f.to_id AND t.kind IN ('person', 'organisation', 'source')
            JOIN record_compartments c ON c.record_id = f.from_id
            WHERE f.parent = 1
                AND NOT EXISTS (SELECT 1 FROM record_home_compartments h WHERE h.record_id = f.from_id)
            """,
            "CREATE TABLE placement_pending (id \(dialect.integer) PRIMARY KEY)",
            "INSERT INTO placement_pending (id) VALUES (1)",
        ]
    }
}
