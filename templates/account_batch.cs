<?cs def:batch_cell(row, name, label) ?>
        <td><input id="r<?cs var:row.Index ?>_<?cs var:name ?>" name="r<?cs var:row.Index ?>_<?cs var:name ?>" type="text" value="<?cs var:row[name] ?>" aria-label="<?cs var:label ?>, row <?cs var:row.Label ?>"<?cs if:row.Errors[name] ?> aria-invalid="true" aria-describedby="r<?cs var:row.Index ?>_<?cs var:name ?>-error"<?cs /if ?>>
<?cs if:row.Errors[name] ?>
          <p class="field-error" id="r<?cs var:row.Index ?>_<?cs var:name ?>-error"><?cs var:row.Errors[name] ?></p>
<?cs /if ?>
        </td>
<?cs /def ?>
<?cs def:batch_box(row, name, label) ?>
        <td><input type="checkbox" name="r<?cs var:row.Index ?>_<?cs var:name ?>" value="1" aria-label="<?cs var:label ?>, row <?cs var:row.Label ?>"<?cs if:row[name] == "1" ?> checked<?cs /if ?>></td>
<?cs /def ?>
<?cs def:content() ?>
<p><a href="/accounts">All accounts</a></p>
<h1>Several new accounts</h1>
<p class="lead">One account per row, for customers already in the store. Rows left empty are skipped. Every account is saved, or none.</p>
<?cs if:Errors.rows ?>
<p class="error" role="alert"><?cs var:Errors.rows ?></p>
<?cs /if ?>
<form method="post" action="/accounts/batch" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <p class="hint">Amounts in <?cs var:Form.Currency ?>. The opening balance is negative when the customer already owes.</p>
  <table class="list batch">
    <thead>
      <tr>
        <th scope="col">Row</th>
        <th scope="col">Customer code</th>
        <th scope="col">Opening balance</th>
        <th scope="col">Credit limit</th>
        <th scope="col">Pay later</th>
        <th scope="col">Restrict credit</th>
      </tr>
    </thead>
    <tbody>
<?cs each:row = Rows ?>
      <tr>
        <th scope="row"><?cs var:row.Label ?></th>
<?cs call:batch_cell(row, "customer", "Customer code") ?>
<?cs call:batch_cell(row, "opening", "Opening balance") ?>
<?cs call:batch_cell(row, "credit_limit", "Credit limit") ?>
<?cs call:batch_box(row, "pay_later", "Pay later") ?>
<?cs call:batch_box(row, "restrict_credit", "Restrict credit") ?>
      </tr>
<?cs /each ?>
    </tbody>
  </table>
<?cs include:"approval.cs" ?>
  <div class="form-actions">
    <button type="submit">Create accounts</button>
  </div>
</form>
<?cs /def ?>
