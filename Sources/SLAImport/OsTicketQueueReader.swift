import SLAModel
import SLAEngine

/// Reads osTicket's agent-panel queue export: columns matched by heading (English headings
/// and synonyms, any order), a UTF-8 BOM, `,` or `;`, PHP `fputcsv` quoting, `Yes`/`No`,
/// date-times in the database server's wall clock (the source zone).
public enum OsTicketQueueReader {
    public enum Column: Hashable, CaseIterable, Sendable {
        case number, created, subject, from, fromEmail, priority, department, helpTopic, source, status
        case lastUpdated, slaDueDate, slaPlan, dueDate, closed, overdue, merged, linked, answered
        case agent, team, threadCount, reopenCount, attachmentCount, taskCount
    }

    /// Headings as osTicket writes them (1.14-1.18, pre-1.11), common renames, and the
    /// headings of agents working in German, French and Spanish (osTicket translates them).
    /// Matched after `HeaderMap.normalize` (case, punctuation, spacing and accents ignored).
    public static let headings: [(heading: String, column: Column)] = {
        var list: [(String, Column)] = []
        func add(_ column: Column, _ names: String...) { list += names.map { ($0, column) } }
        // English: osTicket's own headings, pre-1.11 ones, common renames.
        add(.number, "Ticket Number", "Ticket", "Number", "Ticket No", "Ticket ID", "Ticket #")
        add(.created, "Date Created", "Created", "Date", "Create Date", "Created At", "Opened")
        add(.subject, "Subject")
        add(.from, "From", "From Name", "User", "Requester")
        add(.fromEmail, "From Email", "Email")
        add(.priority, "Priority")
        add(.department, "Department", "Dept")
        add(.helpTopic, "Help Topic", "Topic")
        add(.source, "Source")
        add(.status, "Current Status", "Status", "Ticket Status")
        add(.lastUpdated, "Last Updated", "Last Update", "Updated")
        add(.slaDueDate, "SLA Due Date")
        add(.slaPlan, "SLA Plan", "SLA")
        add(.dueDate, "Due Date")
        add(.closed, "Closed Date", "Closed", "Date Closed")
        add(.overdue, "Overdue")
        add(.merged, "Merged")
        add(.linked, "Linked")
        add(.answered, "Answered")
        add(.agent, "Agent Assigned", "Assigned To", "Agent", "Assignee")
        add(.team, "Team Assigned", "Team")
        add(.threadCount, "Thread Count")
        add(.reopenCount, "Reopen Count")
        add(.attachmentCount, "Attachment Count")
        add(.taskCount, "Task Count")
        // German.
        add(.number, "Ticketnummer", "Ticket-Nummer", "Ticketnr", "Ticket-Nr")
        add(.created, "Erstellungsdatum", "Erstellt am", "Datum erstellt", "Erstellt", "Datum")
        add(.subject, "Betreff")
        add(.from, "Von", "Absender")
        add(.fromEmail, "Von E-Mail", "E-Mail des Absenders", "Absender-E-Mail", "E-Mail")
        add(.priority, "Priorität")
        add(.department, "Abteilung")
        add(.helpTopic, "Hilfethema", "Thema")
        add(.source, "Quelle")
        add(.status, "Aktueller Status")
        add(.lastUpdated, "Zuletzt aktualisiert", "Letzte Aktualisierung")
        add(.slaDueDate, "SLA-Fälligkeitsdatum", "SLA-Fälligkeit")
        add(.slaPlan, "SLA-Plan")
        add(.dueDate, "Fälligkeitsdatum", "Fällig am", "Fälligkeit")
        add(.closed, "Schließdatum", "Geschlossen am", "Datum geschlossen", "Abschlussdatum")
        add(.overdue, "Überfällig")
        add(.merged, "Zusammengeführt")
        add(.linked, "Verknüpft")
        add(.answered, "Beantwortet")
        add(.agent, "Zugewiesener Mitarbeiter", "Zugewiesener Agent", "Mitarbeiter", "Bearbeiter")
        add(.team, "Zugewiesenes Team")
        add(.threadCount, "Anzahl Beiträge", "Anzahl der Beiträge", "Anzahl Nachrichten")
        add(.reopenCount, "Anzahl Wiedereröffnungen", "Anzahl der Wiedereröffnungen")
        add(.attachmentCount, "Anzahl Anhänge", "Anzahl der Anhänge")
        add(.taskCount, "Anzahl Aufgaben", "Anzahl der Aufgaben")
        // French.
        add(.number, "Numéro de ticket", "Numéro du ticket", "N° de ticket", "No de ticket")
        add(.created, "Date de création", "Créé le")
        add(.subject, "Sujet", "Objet")
        add(.from, "De", "Expéditeur")
        add(.fromEmail, "Courriel de l'expéditeur", "E-mail de l'expéditeur", "Courriel", "Adresse électronique")
        add(.priority, "Priorité")
        add(.department, "Département")
        add(.helpTopic, "Rubrique d'aide", "Sujet d'aide", "Thème d'aide")
        add(.source, "Origine")
        add(.status, "Statut actuel", "État actuel", "Statut", "État")
        add(.lastUpdated, "Dernière mise à jour", "Mis à jour le")
        add(.slaDueDate, "Date d'échéance SLA", "Échéance SLA", "Échéance du SLA")
        add(.slaPlan, "Plan SLA")
        add(.dueDate, "Date d'échéance", "Échéance")
        add(.closed, "Date de fermeture", "Date de clôture", "Fermé le")
        add(.overdue, "En retard")
        add(.merged, "Fusionné")
        add(.linked, "Lié")
        add(.answered, "Répondu")
        add(.agent, "Agent assigné", "Agent affecté", "Assigné à")
        add(.team, "Équipe assignée", "Équipe affectée", "Équipe")
        add(.threadCount, "Nombre de messages", "Nombre de fils")
        add(.reopenCount, "Nombre de réouvertures")
        add(.attachmentCount, "Nombre de pièces jointes")
        add(.taskCount, "Nombre de tâches")
        // Spanish.
        add(.number, "Número de ticket", "Número del ticket", "Nº de ticket", "Ticket número")
        add(.created, "Fecha de creación", "Creado", "Fecha creación")
        add(.subject, "Asunto")
        add(.from, "Remitente")
        add(.fromEmail, "Correo electrónico del remitente", "Correo del remitente", "De correo electrónico", "Correo electrónico")
        add(.priority, "Prioridad")
        add(.department, "Departamento")
        add(.helpTopic, "Tema de ayuda")
        add(.source, "Origen", "Fuente")
        add(.status, "Estado actual", "Estado")
        add(.lastUpdated, "Última actualización", "Actualizado")
        add(.slaDueDate, "Fecha de vencimiento SLA", "Vencimiento SLA", "Fecha límite SLA")
        add(.slaPlan, "Plan SLA", "Plan de SLA")
        add(.dueDate, "Fecha de vencimiento", "Fecha límite", "Vencimiento")
        add(.closed, "Fecha de cierre", "Cerrado")
        add(.overdue, "Vencido", "Atrasado")
        add(.merged, "Fusionado", "Combinado")
        add(.linked, "Vinculado", "Enlazado")
        add(.answered, "Respondido", "Contestado")
        add(.agent, "Agente asignado", "Asignado a")
        add(.team, "Equipo asignado", "Equipo")
        add(.threadCount, "Número de mensajes", "Cantidad de mensajes", "Recuento de hilos")
        add(.reopenCount, "Número de reaperturas", "Cantidad de reaperturas")
        add(.attachmentCount, "Número de adjuntos", "Cantidad de adjuntos", "Número de archivos adjuntos")
        add(.taskCount, "Número de tareas", "Cantidad de tareas")
        return list
    }()

    /// Normalized heading -> column (`headings` run through `HeaderMap.normalize`; the first
    /// spelling of a normalized heading wins; `synonymConflicts` lists any that disagree).
    public static let synonyms: [String: Column] = Dictionary(
        headings.map { (HeaderMap<Column>.normalize($0.heading), $0.column) }, uniquingKeysWith: { first, _ in first })

    /// Headings whose normalized forms collide but name different columns (none; checked by a test).
    public static var synonymConflicts: [String] {
        var seen: [String: Column] = [:]
        var conflicts: [String] = []
        for (heading, column) in headings {
            let key = HeaderMap<Column>.normalize(heading)
            if let earlier = seen[key], earlier != column { conflicts.append(heading) }
            seen[key] = column
        }
        return conflicts
    }

    /// osTicket's default statuses in the `closed` state (`ticket_status.yaml`).
    static let closedStateStatuses: Set<String> = ["closed", "resolved", "archived"]

    /// Whether a header line looks like an osTicket queue export.
    public static func matches(headers: [String]) -> Bool {
        let map = HeaderMap(headers: headers, synonyms: synonyms)
        return map[.number] != nil && map[.created] != nil && (map[.status] != nil || map[.helpTopic] != nil)
    }

    /// The ticket fields an export with these columns does not describe, and the headings of
    /// the columns it lacks for them (osTicket's English headings, in the export's order). A closed
    /// date is described by the status when "Closed Date" is missing (the pre-1.11 rule).
    static func undescribedFields(_ map: HeaderMap<Column>, slaDueColumn: Int?,
                                  manualDueColumn: Int?) -> (TicketFields, [String]) {
        var undescribed: TicketFields = []
        var absent: [String] = []
        func check(_ present: Bool, _ field: TicketFields, _ heading: String) {
            guard !present else { return }
            undescribed.insert(field)
            absent.append(heading)
        }
        check(map[.subject] != nil, .subject, "Subject")
        check(map[.from] != nil, .requester, "From")
        check(map[.fromEmail] != nil, .requesterEmail, "From Email")
        check(map[.priority] != nil, .priority, "Priority")
        check(map[.department] != nil, .department, "Department")
        check(map[.helpTopic] != nil, .helpTopic, "Help Topic")
        check(map[.source] != nil, .source, "Source")
        check(map[.status] != nil, .status, "Current Status")
        check(map[.lastUpdated] != nil, .lastUpdatedAt, "Last Updated")
        check(slaDueColumn != nil, .sourceDueAt, "SLA Due Date")
        check(map[.slaPlan] != nil, .slaPlan, "SLA Plan")
        if manualDueColumn == nil {
            undescribed.insert(.manualDueAt)
            // A pre-1.11 export's "Due Date" is the SLA's: it has the heading, and no agent-set due date.
            if map[.dueDate] == nil { absent.append("Due Date") }
        }
        check(map[.closed] != nil || map[.status] != nil, .closedAt, "Closed Date")
        check(map[.overdue] != nil, .sourceOverdue, "Overdue")
        check(map[.agent] != nil, .agent, "Agent Assigned")
        check(map[.team] != nil, .team, "Team Assigned")
        check(map[.threadCount] != nil, .threadCount, "Thread Count")
        check(map[.reopenCount] != nil, .sourceReopenCount, "Reopen Count")
        return (undescribed, absent)
    }

    public static func read<Sink: ImportSink>(_ reader: DelimitedReader, options: ImportOptions,
                                              into sink: inout Sink) throws -> ReadSummary {
        let file = reader.source.path
        var summary = ReadSummary(format: .osticketQueue)
        guard let header = try reader.next() else { throw ImportError.emptyFile(file: file) }
        let headers = header.fields.map { $0 ?? "" }
        let map = HeaderMap(headers: headers, synonyms: synonyms)
        for required in [Column.number, .created] where map[required] == nil {
            let name = required == .number ? "Ticket Number" : "Date Created"
            throw ImportError.malformed(ImportIssue(
                file: file, line: header.line, columnName: name,
                expected: "a \"\(name)\" column in the header (found: \(headers.joined(separator: ", ")))"))
        }
        // Pre-1.11 exports have no "SLA Due Date": their "Due Date" held the SLA due date.
        let slaDueColumn = map[.slaDueDate] ?? (map[.slaPlan] == nil && map[.closed] == nil ? map[.dueDate] : nil)
        let manualDueColumn = map[.dueDate].flatMap { $0 == slaDueColumn ? nil : $0 }
        let (undescribed, absent) = Self.undescribedFields(map, slaDueColumn: slaDueColumn, manualDueColumn: manualDueColumn)
        summary.absentColumns = absent
        if map[.closed] == nil, map[.status] != nil {
            summary.derivedColumns.append("closed dates from \"Last Updated\" for tickets in a closed status (osTicket before 1.11 exported no \"Closed Date\")")
        }
        let zone = ZoneRules.named(options.sourceZone) ?? .utc
        var seen = DuplicateCheck()
        while let record = try reader.next() {
            summary.rowsRead += 1
            let row = RowReader(file: file, record: record, headers: headers, zone: zone, acceptedYears: options.acceptedYears)
            do {
                try row.requireHeaderWidth()
                var ticket = Ticket(
                    number: try row.requiredText(map[.number]!, what: "a ticket number"),
                    createdAt: try row.requiredInstant(map[.created]!))
                ticket.subject = row.text(map[.subject])
                ticket.requester = row.text(map[.from])
                ticket.requesterEmail = row.text(map[.fromEmail])
                ticket.priority = row.text(map[.priority])
                ticket.department = row.text(map[.department])
                ticket.helpTopic = row.text(map[.helpTopic])
                ticket.source = row.text(map[.source])
                ticket.status = row.text(map[.status])
                // A wall time of the hour a fall-back repeats that would come before the creation is its second occurrence.
                ticket.lastUpdatedAt = try row.instant(map[.lastUpdated], after: ticket.createdAt)
                ticket.sourceDueAt = try row.instant(slaDueColumn)
                // 1.11+ exports: "Due Date" is the agent-set due date (`duedate`), beside "SLA Due Date".
                if let manualDueColumn { ticket.manualDueAt = try row.instant(manualDueColumn) }
                ticket.slaPlan = row.text(map[.slaPlan])
                ticket.closedAt = try row.instant(map[.closed], after: ticket.createdAt)
                if map[.closed] == nil, let status = ticket.status, Self.closedStateStatuses.contains(status.lowercased()) {
                    // Pre-1.11 exports have no "Closed Date": a closed ticket's last update is its close
                    // (later, if it was edited after closing). Recorded so the approximation shows.
                    ticket.closedAt = ticket.lastUpdatedAt
                    if ticket.closedAt != nil { ticket.customFields["closed_at_from"] = "Last Updated (the export has no Closed Date)" }
                }
                ticket.sourceOverdue = try row.bool(map[.overdue])
                ticket.agent = row.text(map[.agent])
                ticket.team = row.text(map[.team])
                ticket.threadCount = try row.int(map[.threadCount])
                ticket.sourceReopenCount = try row.int(map[.reopenCount])
                _ = try row.bool(map[.answered])
                ticket.undescribedFields = undescribed
                for (index, heading) in map.unknown {
                    if let value = row.text(index) { ticket.customFields[heading] = value }
                }
                if let closedAt = ticket.closedAt, closedAt < ticket.createdAt {
                    throw ImportError.malformed(ImportIssue(
                        file: file, line: record.line, column: map[.closed]! + 1, columnName: headers[map[.closed]!],
                        value: ticket.closedAt.map { zone.localTime(of: $0).sqlStyle },
                        expected: "a closed date at or after the creation date \(zone.localTime(of: ticket.createdAt).sqlStyle) (impossible timeline)"))
                }
                if let earlier = seen.conflict(number: ticket.number, content: ticket.hashValue, line: record.line) {
                    throw ImportError.malformed(ImportIssue(
                        file: file, line: record.line, column: map[.number]! + 1, columnName: headers[map[.number]!],
                        value: ticket.number, expected: "each ticket once per file; this ticket appears earlier, on line \(earlier), with different data"))
                }
                try sink.accept(ticket: ticket, line: record.line)
            } catch ImportError.malformed(let issue) where options.onError == .skip {
                summary.rejected.append(issue)
            }
        }
        return summary
    }
}
