<?cs def:content() ?>
<section class="card narrow">
  <h1>Change password</h1>
<?cs if:Form.Done ?>
  <p class="notice" role="status">Your password was changed. Your other sessions were signed out.</p>
<?cs /if ?>
<?cs if:Form.MustChange ?>
  <p class="notice" role="status">Choose a new password before you go on.</p>
<?cs /if ?>
  <form method="post" action="/profile/password" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <label for="current_password">Current password</label>
    <input id="current_password" name="current_password" type="password" autocomplete="current-password" required<?cs if:Errors.current_password ?> aria-invalid="true" aria-describedby="current_password-error"<?cs /if ?>>
<?cs if:Errors.current_password ?>
    <p class="field-error" id="current_password-error"><?cs var:Errors.current_password ?></p>
<?cs /if ?>
    <label for="new_password">New password <span class="hint">(at least 12 characters)</span></label>
    <input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="12"<?cs if:Errors.new_password ?> aria-invalid="true" aria-describedby="new_password-error"<?cs /if ?>>
<?cs if:Errors.new_password ?>
    <p class="field-error" id="new_password-error"><?cs var:Errors.new_password ?></p>
<?cs /if ?>
    <label for="confirm_password">New password again</label>
    <input id="confirm_password" name="confirm_password" type="password" autocomplete="new-password" required<?cs if:Errors.confirm_password ?> aria-invalid="true" aria-describedby="confirm_password-error"<?cs /if ?>>
<?cs if:Errors.confirm_password ?>
    <p class="field-error" id="confirm_password-error"><?cs var:Errors.confirm_password ?></p>
<?cs /if ?>
    <button type="submit">Change password</button>
  </form>
<?cs if:!Form.MustChange ?>
  <p><a href="/profile/manager-code">Set or change your manager code</a></p>
<?cs /if ?>
</section>
<?cs /def ?>
