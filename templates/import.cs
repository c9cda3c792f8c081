<?cs def:content() ?>
<section class="card wide">
  <p><a href="/customers">All customers</a></p>
  <h1>Import customers</h1>
<?cs if:?Done.Customers ?>
  <p class="notice" role="status">Imported <?cs var:Done.Customers ?> customers and <?cs var:Done.Accounts ?> accounts<?cs if:Done.Skipped > 0 ?>; <?cs var:Done.Skipped ?> rows were already in the store<?cs /if ?>.</p>
<?cs /if ?>
  <p>Import customers with their accounts from a CSV file, the header row first: customer_code, name, email, phone, notes, account_number, credit_limit, opening_balance, pay_later, restrict_credit, on_hold, hold_reason, frequency, frequency_start, statement_email, status, in any order. <a href="/customers.csv">Export the store's customers</a> for an example of the format. Choose a file of up to 16 MiB, or paste up to 64 KiB of text; larger files go through <code>slatectl import customers</code>.</p>
<?cs if:Report.Done ?>
  <div class="<?cs if:Report.Bad > 0 ?>warning<?cs else ?>notice<?cs /if ?>" role="status" id="import-report">
    <p><?cs var:Report.Rows ?> rows read: <?cs var:Report.Good ?> good, <?cs var:Report.Bad ?> with problems.</p>
<?cs if:Report.Bad == 0 ?>
    <p>Importing would add <?cs var:Report.Customers ?> customers and <?cs var:Report.Accounts ?> accounts<?cs if:Report.Skipped > 0 ?>; <?cs var:Report.Skipped ?> rows are already in the store and would be skipped<?cs /if ?>. Nothing was changed yet.</p>
<?cs /if ?>
  </div>
<?cs if:subcount(Report.Issues) > 0 ?>
  <table class="list import-issues">
    <caption>Problems and warnings, by line of the file</caption>
    <thead><tr><th class="num">Line</th><th>Column</th><th>What is wrong</th></tr></thead>
    <tbody>
<?cs each:i = Report.Issues ?>
      <tr><td class="num"><?cs var:i.Line ?></td><td><?cs var:i.Column ?></td><td><?cs if:i.Warning ?><span class="badge">Warning</span> <?cs /if ?><?cs var:i.Message ?></td></tr>
<?cs /each ?>
    </tbody>
  </table>
<?cs if:Report.More > 0 ?>
  <p>And <?cs var:Report.More ?> more not listed here.</p>
<?cs /if ?>
<?cs /if ?>
<?cs /if ?>
  <form method="post" action="/customers/import" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <fieldset class="group">
      <legend>The CSV: a file, or the text pasted</legend>
      <label for="file">CSV file <span class="hint">(up to 16 MiB)</span></label>
      <input type="file" id="file" name="file" accept=".csv,text/csv,text/plain"<?cs if:Errors.csv ?> aria-invalid="true" aria-describedby="csv-error"<?cs /if ?>>
<?cs if:Form.FileName ?>
      <p class="hint" id="file-sent">You sent the file <?cs var:Form.FileName ?>; to import it, choose it again.</p>
<?cs /if ?>
      <label for="csv">Or the CSV text <span class="hint">(up to 64 KiB)</span></label>
      <textarea id="csv" name="csv" class="csv" rows="14" spellcheck="false"<?cs if:Errors.csv ?> aria-invalid="true" aria-describedby="csv-error"<?cs /if ?>><?cs var:Form.Csv ?></textarea>
<?cs if:Errors.csv ?>
      <p class="field-error" id="csv-error"><?cs var:Errors.csv ?></p>
<?cs /if ?>
    </fieldset>
    <label class="check"><input type="checkbox" name="new_codes" value="1"<?cs if:Form.NewCodes ?> checked<?cs /if ?>> The file comes from another store: its customer codes only group the lines of one customer, and Slate gives new codes and account numbers</label>
<?cs include:"approval.cs" ?>
    <div class="actions">
      <button type="submit" name="action" value="check">Check only</button>
      <button type="submit" name="action" value="import">Import</button>
    </div>
  </form>
</section>
<?cs /def ?>
