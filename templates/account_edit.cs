<?cs include:"account_fields.cs" ?>
<?cs def:content() ?>
<p><a href="/accounts/<?cs var:Account.Number ?>">Back to the account</a></p>
<h1>Change account <?cs var:Account.Number ?></h1>
<p class="lead"><?cs var:Account.CustomerCode ?> <?cs var:Account.CustomerName ?> · <?cs var:Account.Balance ?></p>
<form method="post" action="<?cs var:Form.Action ?>" class="wide" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs call:acct_fields() ?>
<?cs include:"approval.cs" ?>
  <div class="form-actions">
    <button type="submit">Save</button>
  </div>
</form>
<?cs /def ?>
